"""Who may do what with organisations, people and invitations."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of, is_member_of

# Other apps build their own predicates from `balanse.organisations.queries`, not from this module.
is_org_member = rules.predicate(is_member_of, name="is_org_member")
is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")


rules.add_perm("organisations.list_organisations", is_operator)
rules.add_perm("organisations.add_organisation", is_operator)
rules.add_perm("organisations.view_organisation", is_operator | is_org_member)
rules.add_perm("organisations.change_organisation", is_operator | is_org_admin)
rules.add_perm("organisations.manage_people", is_operator | is_org_admin)
