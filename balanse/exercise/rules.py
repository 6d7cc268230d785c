"""Who may run the live exercise: operators, and organisation admins for their own organisation."""

import rules

from balanse.core.rules import is_operator
from balanse.organisations.queries import is_admin_of, is_admin_of_any

is_org_admin = rules.predicate(is_admin_of, name="is_org_admin")


is_any_org_admin = rules.predicate(is_admin_of_any, name="is_any_org_admin")


@rules.predicate
def is_session_admin(user, session) -> bool:
    return (
        session is not None
        and session.organisation_id is not None
        and is_org_admin(user, session.organisation)
    )


@rules.predicate
def is_default_template(user, template) -> bool:
    return template is not None and template.is_default


@rules.predicate
def is_template_admin(user, template) -> bool:
    return (
        template is not None
        and template.organisation_id is not None
        and is_org_admin(user, template.organisation)
    )


can_facilitate = is_operator | is_any_org_admin

rules.add_perm("exercise.facilitate", can_facilitate)
rules.add_perm("exercise.run_session", is_operator | is_session_admin)
rules.add_perm(
    "exercise.use_template", (is_default_template & can_facilitate) | is_operator | is_template_admin
)
rules.add_perm("exercise.change_template", ~is_default_template & (is_operator | is_template_admin))
