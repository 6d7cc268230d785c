"""Replacing the signing key (manage.py rotate_credential_key).

An ordinary rotation makes a new key the one that signs; the old one stays published, so everything it
signed still verifies. With `compromised`, the old key is also marked as no longer trusted: what it signed
stops verifying (the verdict says why), every mark that is still valid is re-issued with the new key (the
credential URL serves it signed with that key from now on), and the holders are told where to fetch it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balanse.certification.credentials import documents, keys
from balanse.core import audit
from balanse.core.links import absolute_url


@dataclass
class Rotation:
    old_key: str
    new_key: str
    compromised: bool
    reissued: list = field(default_factory=list)  # the certifications whose credential was re-issued
    notified: int = 0  # e-mails sent
    without_admin: list = field(default_factory=list)  # re-issued marks nobody could be told about


def rotate_key(*, compromised: bool = False, by=None) -> Rotation:
    """Make a new Ed25519 key the one that signs. One transaction; the e-mails go out after it."""
    from balanse.certification.models import Certification, CredentialKey

    keys.current_key()  # a site that never signed anything still gets its first key recorded first
    with transaction.atomic():
        old = CredentialKey.objects.select_for_update().get(current=True)
        number = _next_number(CredentialKey.objects.values_list("key_id", flat=True))
        while keys.next_key_path(number).exists():  # a file left from elsewhere is never overwritten
            number += 1
        key_id, path = f"key-{number}", keys.next_key_path(number)
        private = keys.write_new_key(path)
        try:
            with transaction.atomic():
                now = timezone.now()
                old.current = False
                old.retired_at = now
                if compromised:
                    old.compromised_at = now
                old.save(update_fields=["current", "retired_at", "compromised_at"])
                new = CredentialKey.objects.create(
                    key_id=key_id,
                    public_key_multibase=keys.public_key_multibase(private.public_key()),
                    file_name=path.name,
                    current=True,
                    created=now,
                )
                audit.record(
                    actor=by,
                    action="certification.credential_key_rotated",
                    obj=new,
                    replaced=old.key_id,
                    compromised=compromised,
                )
                result = Rotation(old_key=old.key_id, new_key=new.key_id, compromised=compromised)
                if compromised:
                    marks = Certification.objects.holding_mark().select_related("organisation").order_by("pk")
                    for certification in marks:
                        audit.record(
                            actor=by,
                            action="certification.credential_reissued",
                            obj=certification,
                            key=key_id,
                        )
                        result.reissued.append(certification)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    for certification in result.reissued:
        sent = notify_holders(certification)
        result.notified += sent
        if not sent:
            result.without_admin.append(certification)
    return result


def _next_number(key_ids) -> int:
    numbers = [int(key_id[4:]) for key_id in key_ids if key_id.startswith("key-") and key_id[4:].isdigit()]
    return max(numbers, default=0) + 1


def holders(certification) -> list[str]:
    """The e-mail addresses of the organisation's active administrators."""
    from balanse.organisations.models import Membership, Role

    return list(
        Membership.objects.filter(
            organisation=certification.organisation_id, role=Role.ADMIN, user__is_active=True
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def notify_holders(certification) -> int:
    """Tell the holders of a re-issued mark where to fetch the new credential. Returns e-mails sent."""
    recipients = holders(certification)
    if not recipients:
        return 0
    number = certification.certificate_number
    context = {
        "certification": certification,
        "organisation": certification.organisation,
        "download": documents.credential_url(number) + "?last-ned=1",
        "page": absolute_url("certification:organisation", args=[certification.organisation_id]),
    }
    parts, subject = [], ""
    for language in ("nb", "en"):  # bokmål first, English below
        with translation.override(language):
            if not subject:
                subject = _("New digital credential for Balansemerket: %(organisation)s") % {
                    "organisation": certification.organisation.name
                }
            parts.append(render_to_string("certification/email/credential_reissued.txt", context).strip())
    send_email(subject=subject, body="\n\n-----\n\n".join(parts) + "\n", recipients=recipients)
    return 1


def send_email(*, subject: str, body: str, recipients: list[str]) -> None:
    """One place that sends (Django's send_mail until the shared core e-mail module is on main)."""
    send_mail(subject, body, None, recipients)
