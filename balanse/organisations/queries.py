"""Reads about organisations and people that other apps reuse."""

from django.contrib.auth import get_user_model

from balanse.organisations.models import Membership, Role


def admins_of(organisation):
    """The active people who administer `organisation`, ordered by e-mail address."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, memberships__role=Role.ADMIN, is_active=True)
        .order_by("email")
    )


def is_member_of(user, organisation) -> bool:
    """Whether `user` belongs to `organisation` (any role)."""
    if not user or not user.is_authenticated or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def is_admin_of(user, organisation) -> bool:
    """Whether `user` administers `organisation`."""
    if not user or not user.is_authenticated or organisation is None:
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists()
