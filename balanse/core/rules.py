"""Roles that every app shares. Apps build their own predicates on these."""

import rules


@rules.predicate
def is_operator(user) -> bool:
    """Balansekunst staff (the operator of the scheme)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


rules.add_perm("core.view_operator_pages", is_operator)
rules.add_perm("core.view_audit_log", is_operator)
