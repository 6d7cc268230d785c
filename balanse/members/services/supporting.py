"""Supporting members: sign up with e-mail confirmation (double opt-in), and leave by a link in any e-mail.

Links carry a signed token (Django's signing with the site's secret): nothing about them is stored. Leaving
erases name, e-mail address and municipality and keeps the dates, so past years' counts stay right.
"""

from datetime import date, timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.members.models import SupportingMember
from balanse.members.models.supporting import ERASED_NAME

CONFIRM_SALT = "members.supporting.confirm"
LEAVE_SALT = "members.supporting.leave"
CONFIRM_DAYS = 7


class SupportingMemberError(Exception):
    """A link that cannot be used; the message is for the person holding it."""


def confirm_token(member: SupportingMember) -> str:
    return signing.dumps(member.pk, salt=CONFIRM_SALT)


def leave_token(member: SupportingMember) -> str:
    return signing.dumps(member.pk, salt=LEAVE_SALT)


def _links(member: SupportingMember, request=None) -> dict:
    return {
        "confirm_link": absolute_url(
            "members:supporting_confirm", request=request, args=[confirm_token(member)]
        ),
        "leave_link": absolute_url("members:supporting_leave", request=request, args=[leave_token(member)]),
        "days": CONFIRM_DAYS,
    }


@transaction.atomic
def sign_up_supporting_member(
    *, name: str, email: str, municipality: str = "", request=None
) -> SupportingMember:
    """A sign-up from the public form: a confirmation e-mail, and nothing counts until it is confirmed.

    Signing up again with the same address sends the confirmation again (or, for a member, a reminder that they
    are one); the page says the same either way, so the form does not reveal who is a member."""
    email = email.strip().lower()
    existing = SupportingMember.objects.select_for_update().filter(email=email).first()
    if existing is not None and existing.joined:
        send_email(
            to=email,
            template="members/email/supporting_already",
            context={"member": existing, **_links(existing, request)},
        )
        return existing
    member = existing or SupportingMember(email=email)
    member.name, member.municipality = name.strip(), municipality.strip()
    member.full_clean()
    member.save()
    audit.record(actor=None, action="supporting_member.signed_up", obj=member)
    send_email(
        to=email,
        template="members/email/supporting_confirm",
        context={"member": member, **_links(member, request)},
    )
    return member


def supporting_member_for_confirm_token(token: str) -> SupportingMember:
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired as exc:
        raise SupportingMemberError(
            _("This confirmation link has expired. Sign up again to get a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise SupportingMemberError(
            _("This link is not valid. Check that you copied the whole link.")
        ) from exc
    member = SupportingMember.objects.filter(pk=pk, erased_at__isnull=True).first()
    if member is None:
        raise SupportingMemberError(_("This sign-up no longer exists. Sign up again if you want to."))
    return member


def supporting_member_for_leave_token(token: str) -> SupportingMember:
    try:
        pk = signing.loads(token, salt=LEAVE_SALT)
    except signing.BadSignature as exc:
        raise SupportingMemberError(
            _("This link is not valid. Check that you copied the whole link.")
        ) from exc
    member = SupportingMember.objects.filter(pk=pk).first()
    if member is None or member.is_erased:
        raise SupportingMemberError(_("You are no longer a supporting member. We keep nothing about you."))
    return member


@transaction.atomic
def confirm_supporting_member(*, member: SupportingMember, today: date | None = None, request=None) -> bool:
    """Confirm the e-mail address: the membership starts today. False if it was confirmed before."""
    member = SupportingMember.objects.select_for_update().get(pk=member.pk)
    if member.joined:
        return False
    member.joined = today or timezone.localdate()
    member.save(update_fields=["joined"])
    audit.record(actor=None, action="supporting_member.confirmed", obj=member)
    send_email(
        to=member.email,
        template="members/email/supporting_welcome",
        context={"member": member, **_links(member, request)},
        once_key=f"members:supporting:{member.pk}:welcome",
    )
    return True


def _erase(member: SupportingMember, today: date) -> None:
    member.name, member.email, member.municipality = ERASED_NAME.format(pk=member.pk), "", ""
    if member.joined and not member.left:
        member.left = today
    member.erased_at = timezone.now()
    member.save(update_fields=["name", "email", "municipality", "left", "erased_at"])


@transaction.atomic
def leave_supporting_member(*, member: SupportingMember, by=None, today: date | None = None) -> None:
    """Leave: a goodbye e-mail, then the personal data is erased (a sign-up never confirmed is deleted)."""
    member = SupportingMember.objects.select_for_update().get(pk=member.pk)
    if member.is_erased:
        return
    today = today or timezone.localdate()
    if member.email:
        send_email(to=member.email, template="members/email/supporting_left", context={"member": member})
    audit.record(actor=by, action="supporting_member.left", obj=member)
    if member.joined is None:
        member.delete()
    else:
        _erase(member, today)


def erase_supporting_members(queryset) -> int:
    """Erase the personal data of these supporting members (the register of personal data calls this)."""
    today = timezone.localdate()
    count = 0
    with transaction.atomic():
        for member in queryset.select_for_update().filter(erased_at__isnull=True):
            if member.joined is None:
                member.delete()
            else:
                _erase(member, today)
            count += 1
    return count
