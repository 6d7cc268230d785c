"""Who may do what with the workbook. Objects are workbooks unless the name says organisation."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of, is_member_of

is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")
is_org_member = rules.predicate(is_member_of, name="is_org_member")


@rules.predicate
def is_workbook_org_member(user, workbook) -> bool:
    return workbook is not None and is_org_member(user, workbook.organisation)


@rules.predicate
def is_workbook_org_admin(user, workbook) -> bool:
    return workbook is not None and is_org_admin(user, workbook.organisation)


# On an organisation:
rules.add_perm("workbook.open_for_organisation", is_operator | is_org_member)
rules.add_perm("workbook.share_plan", is_org_admin)
# On a workbook:
rules.add_perm("workbook.view_workbook", is_operator | is_workbook_org_member)
rules.add_perm("workbook.edit_workbook", is_workbook_org_member)
