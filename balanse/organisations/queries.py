"""Reads about organisations and people that other apps reuse."""

from django.contrib.auth import get_user_model

from balanse.core.permissions import memo
from balanse.organisations.models import Membership, Role


def admins_of(organisation):
    """The active people who administer `organisation`, ordered by e-mail address."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, memberships__role=Role.ADMIN, is_active=True)
        .order_by("email")
    )


def role_in(user, organisation) -> str | None:
    """`user`'s role in `organisation` (a Role value), or None: one query, asked once per request."""
    if not user or not user.is_authenticated or organisation is None or organisation.pk is None:
        return None
    return memo(
        ("role_in", user.pk, organisation.pk),
        lambda: (
            Membership.objects.filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        ),
    )


def is_member_of(user, organisation) -> bool:
    """Whether `user` belongs to `organisation` (any role)."""
    return role_in(user, organisation) is not None


def is_admin_of(user, organisation) -> bool:
    """Whether `user` administers `organisation`."""
    return role_in(user, organisation) == Role.ADMIN
