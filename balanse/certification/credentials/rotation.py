"""Replacing the signing key (manage.py rotate_credential_key).

An ordinary rotation makes a new key the one that signs; the old one stays published, so everything it
signed still verifies. With `compromised`, the old key is also marked as no longer trusted: what it signed
stops verifying (the verdict says why), every mark that is still valid is re-issued with the new key (the
credential URL serves it signed with that key from now on), and the holders are told where to fetch it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from balanse.certification.credentials import documents, keys
from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.organisations.queries import admins_of


@dataclass
class Rotation:
    old_key: str
    new_key: str
    compromised: bool
    reissued: list = field(default_factory=list)  # the certifications whose credential was re-issued
    notified: int = 0  # marks whose administrators were e-mailed
    without_admin: list = field(default_factory=list)  # re-issued marks nobody could be told about


def rotate_key(*, compromised: bool = False, by=None) -> Rotation:
    """Make a new Ed25519 key the one that signs, in one transaction (the holders' e-mails are queued in it)."""
    from balanse.certification.models import Certification, CredentialKey

    keys.current_key()  # a site that never signed anything still gets its first key recorded first
    written = None  # the new key file, removed again if the transaction does not commit
    try:
        with transaction.atomic():
            old = CredentialKey.objects.select_for_update().get(current=True)
            number = _next_number(CredentialKey.objects.values_list("key_id", flat=True))
            while keys.next_key_path(number).exists():  # a file left from elsewhere is never overwritten
                number += 1
            key_id, path = f"key-{number}", keys.next_key_path(number)
            private = keys.write_new_key(path)
            written = path
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
                        actor=by, action="certification.credential_reissued", obj=certification, key=key_id
                    )
                    result.reissued.append(certification)
                    if notify_holders(certification, key_id=key_id):
                        result.notified += 1
                    else:
                        result.without_admin.append(certification)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return result


def _next_number(key_ids) -> int:
    numbers = [int(key_id[4:]) for key_id in key_ids if key_id.startswith("key-") and key_id[4:].isdigit()]
    return max(numbers, default=0) + 1


def notify_holders(certification, *, key_id: str) -> bool:
    """Tell the mark's administrators where to fetch the re-issued credential (each in their language).

    Queued with the rotation's transaction (balanse.core.email); False when the mark has no administrator.
    """
    recipients = list(admins_of(certification.organisation))
    if not recipients:
        return False
    number = certification.certificate_number
    send_email(
        to=recipients,
        template="certification/email/credential_reissued",
        context={
            "certification": certification,
            "organisation": certification.organisation,
            "download": documents.credential_url(number) + "?last-ned=1",
            "page": absolute_url("certification:organisation", args=[certification.organisation_id]),
        },
        once_key=f"certification:credential-reissued:{certification.pk}:{key_id}",
    )
    return True
