"""Who may do what with the advisory line's log. The `adviser` role is the model permission
`advisory.adviser`, given through the group “Rådgivningstelefonen” (services.grant_adviser_role); only staff
can hold it (they log in with a second factor). Operators without it see counts only, with small cells
suppressed."""

import rules
from django.contrib.auth.backends import ModelBackend

from balanse.core.rules import is_operator


@rules.predicate
def has_adviser_role(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and ModelBackend().has_perm(user, "advisory.adviser")
    )


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


is_adviser = is_operator & has_adviser_role

rules.add_perm("advisory.view_counts", is_operator)
rules.add_perm("advisory.view_inquiries", is_adviser)
rules.add_perm("advisory.log_inquiry", is_adviser)
rules.add_perm("advisory.manage_advisers", is_operator & (is_superuser | has_adviser_role))
