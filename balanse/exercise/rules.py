"""Who may run the live exercise: operators, and organisation admins for their own organisation."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of, is_admin_of_any

is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")


is_any_org_admin = rules.predicate(is_admin_of_any, name="is_any_org_admin")


@rules.predicate
def is_owner_admin(user, obj) -> bool:
    """An admin of the organisation a session or template belongs to (the scheme's own templates have none)."""
    return obj is not None and obj.organisation_id is not None and is_org_admin(user, obj.organisation)


@rules.predicate
def is_default_template(user, template) -> bool:
    return template is not None and template.is_default


can_facilitate = is_operator | is_any_org_admin

rules.add_perm("exercise.facilitate", can_facilitate)
rules.add_perm("exercise.run_session", is_operator | is_owner_admin)
rules.add_perm("exercise.use_template", (is_default_template & can_facilitate) | is_operator | is_owner_admin)
rules.add_perm("exercise.change_template", ~is_default_template & (is_operator | is_owner_admin))
