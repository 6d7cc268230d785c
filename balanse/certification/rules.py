"""Who may do what with Balansemerket. Objects are certifications unless the name says organisation."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of, is_member_of

is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")
is_org_member = rules.predicate(is_member_of, name="is_org_member")


@rules.predicate
def is_certification_org_admin(user, certification) -> bool:
    return certification is not None and is_org_admin(user, certification.organisation)


@rules.predicate
def is_certification_org_member(user, certification) -> bool:
    return certification is not None and is_org_member(user, certification.organisation)


# On an organisation:
rules.add_perm("certification.view_for_organisation", is_operator | is_org_admin)
rules.add_perm("certification.apply", is_operator | is_org_admin)
# On a certification:
rules.add_perm("certification.view_certification", is_operator | is_certification_org_admin)
rules.add_perm("certification.submit", is_operator | is_certification_org_admin)
rules.add_perm("certification.manage", is_operator)
# Operator pages:
rules.add_perm("certification.view_dashboard", is_operator)
rules.add_perm("certification.set_target", is_operator)
rules.add_perm("certification.handle_requests", is_operator)
