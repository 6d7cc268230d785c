"""The signed Bitstring Status List (W3C Bitstring Status List v1.0): withdrawn marks have their bit set.

The list is a pure function of the withdrawn marks' places, the time of the last withdrawal and the signing
key, so it is signed once and served from the cache until one of those changes. Its `validFrom` (and the
proof's `created`) is the time of that last change, not the time of the request.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from balanse.certification.credentials import documents, keys, proofs
from balanse.certification.credentials.jsonld import VC_CONTEXT
from balanse.core.links import site_url

CACHE_SECONDS = 24 * 60 * 60


def encode_bitstring(indexes: list[int]) -> str:
    size = max(documents.MIN_STATUS_LIST_BITS, ((max(indexes, default=0) // 8) + 1) * 8)
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


def _withdrawn():
    from balanse.certification.models import Certification

    return Certification.objects.filter(state=Certification.State.WITHDRAWN, status_list_index__isnull=False)


@dataclass(frozen=True)
class SignedList:
    document: dict
    text: str
    etag: str
    changed: datetime


def signed_status_list() -> SignedList:
    """The signed list, from the cache while nothing it shows has changed (two small queries)."""
    facts = _withdrawn().aggregate(
        count=Count("pk"), last=Max("withdrawn_at"), total=Sum("status_list_index")
    )
    record = keys.current_key()
    version = hashlib.sha256(
        repr(
            (
                site_url(),
                record.key_id,
                record.public_key_multibase,
                facts["count"],
                facts["last"],
                facts["total"],
            )
        ).encode()
    ).hexdigest()
    cache_key = f"certification:status-list:{version}"
    signed = cache.get(cache_key)
    if signed is None:
        changed = max(filter(None, [facts["last"], record.created]))
        signed = _sign(record, changed.replace(microsecond=0), version)
        cache.set(cache_key, signed, CACHE_SECONDS)
    return signed


def _sign(record, changed: datetime, version: str) -> SignedList:
    list_id = documents.status_list_id()
    indexes = sorted(_withdrawn().values_list("status_list_index", flat=True))
    document = {
        "@context": [VC_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": documents.issuer_id(),
        "validFrom": documents.format_datetime(changed),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": documents.STATUS_PURPOSE,
            "encodedList": encode_bitstring(indexes),
        },
    }
    signed = proofs.sign(
        document,
        keys.private_key(record),
        verification_method=documents.verification_method_id(record.key_id),
        created=changed,
    )
    text = json.dumps(signed, ensure_ascii=False, indent=2)
    return SignedList(document=signed, text=text, etag=f'"{version[:32]}"', changed=changed)


def status_list_credential() -> dict:
    return signed_status_list().document


def is_revoked(index: int) -> bool:
    """Whether the bit at `index` is set in the list we serve (raises ValueError outside the list)."""
    encoded = signed_status_list().document["credentialSubject"]["encodedList"]
    return bit_is_set(decode_bitstring(encoded), index)
