"""The documents: the issuer profile and the OpenBadgeCredential of a mark, with their stable URLs.

Absolute URLs come from SITE_URL (balanse.core.links), never from a request, so a credential names the same
issuer, key and status list whoever fetches it.
"""

from __future__ import annotations

import secrets
import unicodedata
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from balanse.certification.credentials import keys, proofs
from balanse.certification.credentials.jsonld import CID_CONTEXT, OB_CONTEXT, VC_CONTEXT
from balanse.core.links import absolute_url, site_url

STATUS_PURPOSE = "revocation"
# The Bitstring Status List spec asks for at least 16 KiB (131,072 entries) for herd privacy.
MIN_STATUS_LIST_BITS = 131_072
ISSUER_NAME = "Balansekunst"
ACHIEVEMENT_NAME = "Balansemerket"


# Stable URLs.


def issuer_id() -> str:
    return absolute_url("certification:issuer")


def verification_method_id(key_id: str) -> str:
    return f"{issuer_id()}#{key_id}"


def status_list_id() -> str:
    return absolute_url("certification:status_list")


def verify_url(certificate_number: str) -> str:
    """The absolute URL of a mark's public verification page (what the diploma's QR code encodes)."""
    return absolute_url("certification:verify", args=[certificate_number])


def credential_url(certificate_number: str) -> str:
    return absolute_url("certification:credential", args=[certificate_number])


def badge_url(certificate_number: str) -> str:
    return absolute_url("certification:badge", args=[certificate_number])


def achievement_id() -> str:
    return absolute_url("certification:registry") + "#balansemerket"


# Dates: a period's days are whole days in Norwegian time.


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(UTC)


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(UTC)


def format_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text) -> datetime:
    if not isinstance(text, str):
        raise ValueError("not a date-time string")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("date-time without a time zone")
    return moment


def clean_text(text: str) -> str:
    """One line without control characters: canonical N-Quads escape those differently across libraries."""
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text)
    return " ".join(text.split())


# The issuer profile.


def issuer_profile() -> dict:
    """The issuer's Profile at its own id: every key ever used as a Multikey verification method.

    Keys that were replaced stay listed (and stay assertion methods), so what they signed still verifies; a
    key marked compromised stays listed with `revoked` and is no longer an assertion method.
    """
    profile_id = issuer_id()
    methods, assertion = [], []
    for record in keys.all_keys() or [keys.current_key()]:
        method = {
            "id": verification_method_id(record.key_id),
            "type": "Multikey",
            "controller": profile_id,
            "publicKeyMultibase": record.public_key_multibase,
        }
        if record.compromised_at:
            method["revoked"] = format_datetime(record.compromised_at)
        else:
            assertion.append(method["id"])
        methods.append(method)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT, CID_CONTEXT],
        "id": profile_id,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": site_url() + "/",
        "verificationMethod": methods,
        "assertionMethod": assertion,
    }


# The mark's place in the status list.


def status_index(certification) -> int:
    """The mark's stable place in the status list, given at random (and for good) on first use.

    Random and unique per mark, as Bitstring Status List v1.0 §2.1 and its privacy section ask: sequential
    places would tell the order and number of marks issued. Marks issued before keep the index they had.
    """
    from balanse.certification.models import Certification

    if certification.status_list_index is not None:
        return certification.status_list_index
    for _attempt in range(20):
        candidate = secrets.randbelow(MIN_STATUS_LIST_BITS)
        try:
            with transaction.atomic():
                updated = Certification.objects.filter(
                    pk=certification.pk, status_list_index__isnull=True
                ).update(status_list_index=candidate)
        except IntegrityError:  # the place is taken: draw again
            continue
        if not updated:  # given a place by a concurrent request a moment ago
            certification.refresh_from_db(fields=["status_list_index"])
        else:
            certification.status_list_index = candidate
        return certification.status_list_index
    raise RuntimeError("could not find a free place in the status list")  # pragma: no cover


# The credential.


def period_for(certification):
    """The period the credential speaks of: the one that holds today, else the latest."""
    periods = sorted(
        certification.periods.all(), key=lambda period: period.valid_from
    )  # prefetched or one query
    if not periods:
        return None
    today = timezone.localdate()
    for period in periods:
        if period.valid_from <= today <= period.valid_until:
            return period
    return periods[-1]


def build_credential(*, certification, period, index: int, organisation=None) -> dict:
    """The unsigned OpenBadgeCredential for one period of a mark. Reads nothing from the database."""
    organisation = organisation or certification.organisation
    number = certification.certificate_number
    name = clean_text(organisation.name)
    identifiers = [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}]
    if organisation.org_number:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "identifier",
                "hashed": False,
                "identityHash": organisation.org_number,
            }
        )
    list_id = status_list_id()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"{credential_url(number)}#{period.cycle}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{ACHIEVEMENT_NAME} {period.valid_from.year}–{period.valid_until.year}: {name}",
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": format_datetime(start_of(period.valid_from)),
        "validUntil": format_datetime(end_of(period.valid_until)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement_id(),
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": ACHIEVEMENT_NAME,
                "description": (
                    "Balansemerket is awarded by Balansekunst to cultural organisations that work "
                    "systematically against sexual harassment and discrimination. It is valid for one year."
                ),
                "criteria": {
                    "narrative": (
                        "The organisation has taken the course, put the required measures in place (risk "
                        "mapping, rules, routines, consequences, responsibility, conversations, contract "
                        "clause) and had them approved by Balansekunst."
                    )
                },
                "image": {"id": badge_url(number), "type": "Image", "caption": ACHIEVEMENT_NAME},
            },
        },
        "credentialStatus": {
            "id": f"{list_id}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(index),
            "statusListCredential": list_id,
        },
        "evidence": [
            {"id": verify_url(number), "type": ["Evidence"], "name": f"Certificate number {number}"}
        ],
    }


def issue_credential(certification) -> dict | None:
    """The signed credential of a mark's current (or latest) period; None if it was never awarded."""
    if not certification.certificate_number:
        return None
    period = period_for(certification)
    if period is None:
        return None
    document = build_credential(certification=certification, period=period, index=status_index(certification))
    record, private = keys.signing_key()
    return proofs.sign(document, private, verification_method=verification_method_id(record.key_id))
