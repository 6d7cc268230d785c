"""Who may do what with organisations, people and invitations."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.models import Membership, Role


@rules.predicate
def is_org_member(user, organisation) -> bool:
    if not user or not user.is_authenticated or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    if not user or not user.is_authenticated or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists()


rules.add_perm("organisations.list_organisations", is_operator)
rules.add_perm("organisations.add_organisation", is_operator)
rules.add_perm("organisations.view_organisation", is_operator | is_org_member)
rules.add_perm("organisations.change_organisation", is_operator | is_org_admin)
rules.add_perm("organisations.manage_people", is_operator | is_org_admin)
