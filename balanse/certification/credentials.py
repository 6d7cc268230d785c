"""The signed, machine-verifiable proof of Balansemerket.

An Open Badges 3.0 `OpenBadgeCredential` in the W3C Verifiable Credentials 2.0 data model, secured with a
Data Integrity proof using the `eddsa-jcs-2022` cryptosuite (JSON Canonicalization Scheme, RFC 8785;
SHA-256; Ed25519). Revocation uses a Bitstring Status List credential that we serve and sign ourselves.

The issuer's Ed25519 key lives in a PEM file outside the database (settings.CREDENTIAL_KEY_PATH). It is
generated on first use with 0600 permissions.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CRYPTOSUITE = "eddsa-jcs-2022"
STATUS_PURPOSE = "revocation"
# The Bitstring Status List spec asks for at least 16 KiB (131,072 entries) for herd privacy.
MIN_STATUS_LIST_BITS = 131_072
ED25519_MULTICODEC = b"\xed\x01"
ISSUER_NAME = "Balansekunst"
ACHIEVEMENT_NAME = "Balansemerket"


# RFC 8785: JSON Canonicalization Scheme (for the JSON types we produce: objects, arrays, strings,
# integers, finite floats, booleans and null).


def _jcs_string(value: str) -> str:
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif code < 0x20:
            out.append(
                {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}.get(code, f"\\u{code:04x}")
            )
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _jcs_number(value: int | float) -> str:
    """ECMAScript Number.prototype.toString for the values JSON can carry."""
    if isinstance(value, bool):  # pragma: no cover - handled by the caller
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("integers beyond 2**53 cannot be canonicalised exactly")
        return str(value)
    if not math.isfinite(value):
        raise ValueError("NaN and Infinity are not JSON")
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    # Shortest round-trip digits, then ECMAScript's layout rules.
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    digits = mantissa.replace(".", "")
    point = mantissa.find(".")
    n = (point if point != -1 else len(mantissa)) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    k = len(digits)
    sign = "-" if value < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    exp = n - 1
    exp_text = f"e{'+' if exp >= 0 else '-'}{abs(exp)}"
    if k == 1:
        return sign + digits + exp_text
    return sign + digits[0] + "." + digits[1:] + exp_text


def _utf16_key(key: str) -> list[int]:
    encoded = key.encode("utf-16-be")
    return [int.from_bytes(encoded[i : i + 2], "big") for i in range(0, len(encoded), 2)]


def canonicalize(value) -> bytes:
    """The RFC 8785 canonical form of `value`, as UTF-8 bytes."""
    return _canonical(value).encode("utf-8")


def _canonical(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _jcs_string(value)
    if isinstance(value, int | float):
        return _jcs_number(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("object keys must be strings")
        items = sorted(value.items(), key=lambda kv: _utf16_key(kv[0]))
        return "{" + ",".join(f"{_jcs_string(k)}:{_canonical(v)}" for k, v in items) + "}"
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


# Multibase base58btc (the 'z' prefix).

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError("not base58btc")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    return "z" + base58btc_encode(data)


def multibase_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("only multibase base58btc ('z…') is supported")
    return base58btc_decode(text[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return multibase_encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    data = multibase_decode(text)
    if not data.startswith(ED25519_MULTICODEC) or len(data) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(data[2:])


# The issuer's key, kept outside the database.

_key_lock = threading.Lock()
_key_cache: dict[str, Ed25519PrivateKey] = {}


def key_path() -> Path:
    return Path(settings.CREDENTIAL_KEY_PATH)


def issuer_key() -> Ed25519PrivateKey:
    """The issuer's private key: read from CREDENTIAL_KEY_PATH, generated there (0600) on first use."""
    path = key_path()
    cache_key = str(path)
    with _key_lock:
        cached = _key_cache.get(cache_key)
        if cached is not None and path.exists():
            return cached
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{path} does not hold an Ed25519 private key")
        else:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first: use theirs
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            else:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(pem)
        _key_cache[cache_key] = key
        return key


# Stable URLs.


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return absolute(reverse("certification:issuer"))


def verification_method_id() -> str:
    return issuer_id() + "#key-1"


def status_list_id() -> str:
    return absolute(reverse("certification:status_list"))


def verify_url(certificate_number: str) -> str:
    """The absolute URL of a mark's public verification page (what the diploma's QR code encodes)."""
    return absolute(reverse("certification:verify", args=[certificate_number]))


def credential_url(certificate_number: str) -> str:
    return absolute(reverse("certification:credential", args=[certificate_number]))


def achievement_id() -> str:
    return absolute(reverse("certification:registry")) + "#balansemerket"


# Dates: a period's days are whole days in Norwegian time.


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)).astimezone(UTC)


def _end_of(day: date) -> datetime:
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


# Issuer profile and documents.


def issuer_profile() -> dict:
    """The issuer's Profile, served at its id, listing its public key as a Multikey verification method."""
    key = issuer_key()
    vm_id = verification_method_id()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT, MULTIKEY_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL.rstrip("/") + "/",
        "verificationMethod": [
            {
                "id": vm_id,
                "type": "Multikey",
                "controller": issuer_id(),
                "publicKeyMultibase": public_key_multibase(key.public_key()),
            }
        ],
        "assertionMethod": [vm_id],
    }


def status_index(certification) -> int:
    """Each mark's stable place in the status list: its certification's primary key."""
    return int(certification.pk)


def _period_for(certification):
    """The period the credential speaks of: the one that holds today, else the latest."""
    periods = list(certification.periods.order_by("valid_from"))
    if not periods:
        return None
    today = timezone.localdate()
    for period in periods:
        if period.valid_from <= today <= period.valid_until:
            return period
    return periods[-1]


def build_credential(*, certification, period, organisation=None) -> dict:
    """The unsigned OpenBadgeCredential for one period of a mark. Reads nothing from the database."""
    organisation = organisation or certification.organisation
    number = certification.certificate_number
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": organisation.name,
        }
    ]
    if organisation.org_number:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "identifier",
                "hashed": False,
                "identityHash": organisation.org_number,
            }
        )
    index = status_index(certification)
    list_id = status_list_id()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"{credential_url(number)}#{period.cycle}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{ACHIEVEMENT_NAME} {period.valid_from.year}–{period.valid_until.year}: {organisation.name}",
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": format_datetime(_start_of(period.valid_from)),
        "validUntil": format_datetime(_end_of(period.valid_until)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": {
                "id": achievement_id(),
                "type": ["Achievement"],
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
            },
            "source": {"type": ["Profile"], "id": verify_url(number), "name": organisation.name},
        },
        "credentialStatus": {
            "id": f"{list_id}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(index),
            "statusListCredential": list_id,
        },
        "evidence": [
            {
                "id": verify_url(number),
                "type": ["Evidence"],
                "name": f"Certificate number {number}",
            }
        ],
    }


def issue_credential(certification) -> dict | None:
    """The signed credential of a mark's current (or latest) period; None if it was never awarded."""
    if not certification.certificate_number:
        return None
    period = _period_for(certification)
    if period is None:
        return None
    return sign(build_credential(certification=certification, period=period), issuer_key())


# The Bitstring Status List.


def revoked_indexes() -> list[int]:
    from balanse.certification.models import Certification

    return sorted(
        Certification.objects.filter(state=Certification.State.WITHDRAWN)
        .exclude(certificate_number="")
        .values_list("pk", flat=True)
    )


def encode_bitstring(indexes: list[int]) -> str:
    size = max(MIN_STATUS_LIST_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # index 0 is the left-most bit
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("the encoded list must be multibase base64url ('u…')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(bits: bytes, index: int) -> bool:
    if index < 0 or index // 8 >= len(bits):
        raise ValueError("status index outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential() -> dict:
    """The signed BitstringStatusListCredential: withdrawn marks have their bit set."""
    list_id = status_list_id()
    document = {
        "@context": [VC_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": format_datetime(timezone.now()),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bitstring(revoked_indexes()),
        },
    }
    return sign(document, issuer_key())


# Data Integrity proof, cryptosuite eddsa-jcs-2022.


def _hash_data(document: dict, proof_config: dict) -> bytes:
    return (
        hashlib.sha256(canonicalize(proof_config)).digest() + hashlib.sha256(canonicalize(document)).digest()
    )


def sign(document: dict, private_key: Ed25519PrivateKey, *, created: datetime | None = None) -> dict:
    """Return a copy of `document` with a DataIntegrityProof (eddsa-jcs-2022)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created or timezone.now()),
        "verificationMethod": verification_method_id(),
        "proofPurpose": "assertionMethod",
    }
    # As the eddsa-jcs-2022 "Create Proof" algorithm says: the proof carries the document's @context, and
    # the proof configuration that is hashed is the proof without its proofValue.
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = private_key.sign(_hash_data(unsecured, proof))
    return unsecured | {"proof": proof | {"proofValue": multibase_encode(signature)}}


def resolve_verification_method(vm_id: str) -> Ed25519PublicKey:
    """Our own issuer's keys only: resolved from the document we serve, never from the network."""
    profile = issuer_profile()
    for method in profile["verificationMethod"]:
        if method["id"] == vm_id and method["type"] == "Multikey":
            return public_key_from_multibase(method["publicKeyMultibase"])
    raise ValueError("unknown verification method")


def verify_proof(document) -> tuple[bool, str]:
    """Check the Data Integrity proof of `document`. Returns (ok, reason)."""
    try:
        if not isinstance(document, dict):
            return False, "not a JSON object"
        proof = document.get("proof")
        if not isinstance(proof, dict):
            return False, "no proof"
        if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
            return False, "unsupported proof type or cryptosuite"
        if proof.get("proofPurpose") != "assertionMethod":
            return False, "wrong proof purpose"
        parse_datetime(proof.get("created"))
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        unsecured = {k: v for k, v in document.items() if k != "proof"}
        if "@context" in options:
            context = unsecured.get("@context")
            wanted = options["@context"]
            if (
                not isinstance(context, list)
                or not isinstance(wanted, list)
                or context[: len(wanted)] != wanted
            ):
                return False, "proof context does not match"
            unsecured["@context"] = wanted
        public_key = resolve_verification_method(proof.get("verificationMethod"))
        signature = multibase_decode(proof.get("proofValue"))
        if len(signature) != 64:
            return False, "malformed signature"
        issuer = document.get("issuer")
        issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
        if proof["verificationMethod"].split("#", 1)[0] != issuer_ref:
            return False, "the key does not belong to the issuer"
        public_key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature:
        return False, "signature does not match"
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return False, str(exc) or exc.__class__.__name__
    return True, "signature valid"


# Verification of a whole credential: signature, dates, status.


@dataclass
class Verdict:
    signature: bool = False
    dates: bool = False
    status: bool = False
    revoked: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signature and self.dates and self.status and not self.problems


def verify_credential(document, *, now: datetime | None = None) -> Verdict:
    verdict = Verdict()
    ok, reason = verify_proof(document)
    verdict.signature = ok
    if not ok:
        verdict.problems.append(f"signature: {reason}")
        return verdict
    types = document.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "OpenBadgeCredential"} <= set(types):
        verdict.problems.append("type: not an OpenBadgeCredential")
    now = now or timezone.now()
    try:
        valid_from = parse_datetime(document["validFrom"])
        valid_until = parse_datetime(document["validUntil"])
    except (KeyError, ValueError) as exc:
        verdict.problems.append(f"dates: {exc}")
    else:
        if now < valid_from:
            verdict.problems.append("dates: not valid yet")
        elif now > valid_until:
            verdict.problems.append("dates: expired")
        else:
            verdict.dates = True
    verdict.status, verdict.revoked, problem = _check_status(document.get("credentialStatus"))
    if problem:
        verdict.problems.append(f"status: {problem}")
    return verdict


def _check_status(entry) -> tuple[bool, bool, str]:
    """(status ok, revoked, problem). Resolves our own status list by calling what serves it."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return False, False, "no BitstringStatusListEntry"
    if entry.get("statusPurpose") != STATUS_PURPOSE:
        return False, False, "unexpected status purpose"
    if entry.get("statusListCredential") != status_list_id():
        return False, False, "unknown status list"
    try:
        index = int(entry.get("statusListIndex"))
    except (TypeError, ValueError):
        return False, False, "malformed status index"
    status_list = status_list_credential()
    ok, reason = verify_proof(status_list)
    if not ok:  # pragma: no cover - we just signed it
        return False, False, f"status list signature: {reason}"
    try:
        bits = decode_bitstring(status_list["credentialSubject"]["encodedList"])
        revoked = bit_is_set(bits, index)
    except (ValueError, OSError) as exc:
        return False, False, str(exc)
    if revoked:
        return False, True, "revoked"
    return True, False, ""


def dumps(document: dict) -> str:
    """Pretty JSON for people and files (the proof covers the canonical form, not this layout)."""
    return json.dumps(document, ensure_ascii=False, indent=2)
