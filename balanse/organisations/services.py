"""Business rules for organisations, people and invitations. Each runs in one transaction and audits."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import hash_token, site_url
from balanse.organisations.models import (
    ArtField,
    ArtFieldCode,
    Invitation,
    Membership,
    Organisation,
    Role,
)

PROFILE_FIELDS = [
    "name",
    "org_number",
    "municipality",
    "website",
    "description",
    "is_member",
    "member_since",
]


class InvitationError(Exception):
    """An invitation that cannot be used; the message is for the person holding it."""


class LoginRequired(InvitationError):
    """The invitation's address already has an account: its owner must log in to accept."""


class WrongAccount(InvitationError):
    """Someone else is logged in than the person the invitation is for."""


def ensure_art_fields() -> None:
    for position, code in enumerate(ArtFieldCode.values):
        ArtField.objects.update_or_create(code=code, defaults={"position": position})


@transaction.atomic
def create_organisation(*, by, data: dict) -> Organisation:
    art_fields = data.pop("art_fields", [])
    organisation = Organisation(**{k: v for k, v in data.items() if k in PROFILE_FIELDS})
    organisation.full_clean()
    organisation.save()
    organisation.art_fields.set(art_fields)
    audit.record(actor=by, action="organisation.created", obj=organisation)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by, data: dict) -> Organisation:
    # Compare with what is stored: a bound ModelForm has already written its values onto the instance.
    stored = Organisation.objects.get(pk=organisation.pk)
    old = {name: getattr(stored, name) for name in PROFILE_FIELDS}
    old_fields = set(organisation.art_fields.values_list("pk", flat=True))
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    organisation.full_clean()
    organisation.save()
    changed = audit.changed_fields(organisation, old, PROFILE_FIELDS)
    if "art_fields" in data:
        new_fields = {f.pk for f in data["art_fields"]}
        if new_fields != old_fields:
            organisation.art_fields.set(data["art_fields"])
            changed.append("art_fields")
    if changed:
        audit.record(actor=by, action="organisation.updated", obj=organisation, fields=changed)
    return organisation


def _send_invitation_email(invitation: Invitation, token: str, base_url: str) -> None:
    link = base_url.rstrip("/") + reverse("organisations:invitation", args=[token])
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    send_email(to=invitation.email, template="organisations/email/invitation", context=context)


@transaction.atomic
def invite_person(
    *, organisation: Organisation, email: str, role: str, invited_by, base_url: str = ""
) -> Invitation:
    """Invite someone by e-mail to join an organisation. Returns the invitation (the token is e-mailed)."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already part of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            code="already_member",
        )
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="role")
    # A new invitation replaces an earlier pending one to the same address.
    now = timezone.now()
    for previous in Invitation.objects.pending().filter(organisation=organisation, email=email):
        previous.revoked_at = now
        previous.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by if invited_by and invited_by.is_authenticated else None,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(actor=invited_by, action="invitation.created", obj=invitation, role=role)
    _send_invitation_email(invitation, token, base_url or site_url())
    return invitation


def get_invitation(token: str) -> Invitation:
    """The invitation for a token, or InvitationError with a message the holder understands."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid. Check that you copied the whole link."))
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise InvitationError(
            _("This invitation has already been used. Log in with your e-mail address instead.")
        )
    if status == Invitation.Status.REVOKED:
        raise InvitationError(
            _("This invitation has been withdrawn. Ask the person who invited you for a new one.")
        )
    if status == Invitation.Status.EXPIRED:
        raise InvitationError(
            _("This invitation has expired. Ask the person who invited you to send a new one.")
        )
    return invitation


@dataclass(frozen=True)
class Person:
    """The result of `get_or_create_person`: the account, whether it was made just now, and the membership
    asked for (None when none was asked for)."""

    user: AbstractBaseUser
    created: bool
    membership: Membership | None = None


@transaction.atomic
def get_or_create_person(
    *,
    email: str,
    via: str,
    by=None,
    full_name: str = "",
    email_verified: bool = False,
    organisation: Organisation | None = None,
    role: str | None = None,
) -> Person:
    """The one place accounts are made: the account for an e-mail address, created if there is none, and,
    with `organisation` and `role`, its membership there (created if missing).

    `via` says in the audit log how the account came ("invitation", "course"). `email_verified` only when
    the person has proved the address (an invitation link, an e-mailed code). A person's name is filled in
    if it was empty, never replaced. This never logs anyone in: the caller decides, and may only log in an
    account made just now (`created`)."""
    email = email.strip().lower()
    full_name = full_name.strip()
    User = get_user_model()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, full_name=full_name)
        audit.record(actor=_actor(by) or user, action="user.created", obj=user, via=via)
    elif full_name and not user.full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    if email_verified:
        _mark_email_verified(user)
    membership = None
    if organisation is not None:
        if role not in Role.values:
            raise ValidationError(_("Choose a role."), code="role")
        membership, made = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if made:
            audit.record(actor=_actor(by) or user, action="membership.created", obj=membership, role=role)
    return Person(user=user, created=created, membership=membership)


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email.strip()).exists()


def may_be_logged_in_by_link(user) -> bool:
    """Whether a link (invitation, join code) may start a session for this account by itself: never for
    staff, and never for an account with a second factor. Callers only log in accounts made just now; this
    is the second lock on that door."""
    from allauth.mfa.utils import is_mfa_enabled

    return not (user.is_staff or user.is_superuser or is_mfa_enabled(user))


@transaction.atomic
def accept_invitation(*, token: str, user=None, full_name: str = "") -> Person:
    """Use an invitation. `user` is the person logged in (None if nobody is).

    - No account has the invitation's address: the account is made (the link proves the address), with
      the membership; `created` is True and the caller may log the new account in.
    - An account has the address: it must be the one logged in (its own log-in: password and second
      factor for staff, the e-mailed code for others). Anonymous → LoginRequired; another person →
      WrongAccount. Nothing changes in either case.
    - A new account needs `full_name` (ValidationError otherwise, nothing made); an existing account
      without a name gets it filled in."""
    invitation = get_invitation(token)
    # Lock the row so that a double click cannot use it twice.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError(
            _("This invitation has already been used. Log in with your e-mail address instead.")
        )
    logged_in = user if user is not None and user.is_authenticated else None
    if logged_in is not None and logged_in.email.lower() != invitation.email.lower():
        raise WrongAccount(
            _(
                "This invitation is for %(email)s, but you are logged in as %(you)s. Log out, and open "
                "the link again."
            )
            % {"email": invitation.email, "you": logged_in.email}
        )
    if logged_in is None and account_exists(invitation.email):
        raise LoginRequired(
            _("You already have an account with %(email)s. Log in to accept the invitation.")
            % {"email": invitation.email}
        )
    if logged_in is None and not full_name.strip():
        # A new account: others see its name in lists of people, so it is never made without one.
        raise ValidationError(_("Write your full name."), code="full_name")
    person = get_or_create_person(
        email=invitation.email,
        via="invitation",
        by=logged_in,
        full_name=full_name,
        email_verified=True,
        organisation=invitation.organisation,
        role=invitation.role,
    )
    if logged_in is None and not person.created:
        # The account appeared between the check above and now: the same rule holds (rolled back).
        raise LoginRequired(
            _("You already have an account with %(email)s. Log in to accept the invitation.")
            % {"email": invitation.email}
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person.user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(actor=person.user, action="invitation.accepted", obj=invitation)
    return person


def _mark_email_verified(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by) -> Invitation:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be withdrawn."), code="not_pending")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor=by, action="invitation.revoked", obj=invitation)
    return invitation


def _admins_left_after(membership: Membership, new_role: str | None) -> int:
    others = Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN).exclude(
        pk=membership.pk
    )
    return others.count() + (1 if new_role == Role.ADMIN else 0)


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="role")
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and _admins_left_after(membership, role) == 0:
        raise ValidationError(
            _("An organisation needs at least one administrator. Make someone else administrator first."),
            code="last_admin",
        )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(actor=by, action="membership.role_changed", obj=membership, old=old, new=role)
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    if membership.role == Role.ADMIN and _admins_left_after(membership, None) == 0:
        raise ValidationError(
            _("An organisation needs at least one administrator. Make someone else administrator first."),
            code="last_admin",
        )
    audit.record(actor=by, action="membership.removed", obj=membership)
    membership.delete()
