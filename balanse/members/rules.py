"""Who may do what in the member register: the staff run it; an organisation's admins see their own
membership and fees (nobody else's)."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of

is_org_admin = rules.predicate(is_admin_of, name="members_is_org_admin")

rules.add_perm("members.manage_members", is_operator)
# On an organisation:
rules.add_perm("members.view_own_membership", is_operator | is_org_admin)
