"""Reads about organisations and people that other apps reuse."""

from django.contrib.auth import get_user_model

from balanse.core import compiled
from balanse.core.permissions import memo
from balanse.organisations.models import Membership, Role


def admins_of(organisation):
    """The active people who administer `organisation`, ordered by e-mail address."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, memberships__role=Role.ADMIN, is_active=True)
        .order_by("email")
    )


def roles_of(user) -> dict[int, str]:
    """{organisation id: role} for every organisation `user` belongs to: one query, asked once per request
    (the page's role checks and the menu's "administers any organisation" share it), compiled once."""
    if not user or not user.is_authenticated:
        return {}
    return memo(
        ("roles_of", user.pk),
        lambda: dict(
            compiled.rows(
                "organisations.roles_of",
                # No ordering: the memberships' default order joins the organisation and the account.
                lambda user_id: (
                    Membership.objects.filter(user_id=user_id)
                    .order_by()
                    .values_list("organisation_id", "role")
                ),
                user_id=user.pk,
            )
        ),
    )


def role_in(user, organisation) -> str | None:
    """`user`'s role in `organisation` (a Role value), or None."""
    if not user or not user.is_authenticated or organisation is None or organisation.pk is None:
        return None
    return roles_of(user).get(organisation.pk)


def is_admin_of_any(user) -> bool:
    """Whether `user` administers at least one organisation."""
    return Role.ADMIN in roles_of(user).values()


def is_member_of(user, organisation) -> bool:
    """Whether `user` belongs to `organisation` (any role)."""
    return role_in(user, organisation) is not None


def is_admin_of(user, organisation) -> bool:
    """Whether `user` administers `organisation`."""
    return role_in(user, organisation) == Role.ADMIN
