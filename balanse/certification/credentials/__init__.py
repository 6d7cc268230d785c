"""The signed, machine-verifiable proof of Balansemerket.

An Open Badges 3.0 `OpenBadgeCredential` in the W3C Verifiable Credentials 2.0 data model, secured with a
Data Integrity proof using the `eddsa-rdfc-2022` cryptosuite (RDF Dataset Canonicalization RDFC-1.0,
SHA-256, Ed25519); credentials issued before with `eddsa-jcs-2022` still verify. Revocation uses a Bitstring
Status List credential that we serve and sign ourselves.

The sections:
- `jsonld`: the vendored JSON-LD contexts, a document loader that refuses any other URL, canonicalisation;
- `keys`: the issuer's Ed25519 keys (private halves in 0600 files, public halves in the database);
- `proofs`: Data Integrity proofs, both cryptosuites;
- `documents`: the issuer profile and the credential of a mark;
- `status_list`: the signed revocation list;
- `verification`: signature, dates and status, as a verifier sees them;
- `rotation`: replacing the signing key.
"""

import json

from balanse.certification.credentials.documents import (
    ACHIEVEMENT_NAME,
    ISSUER_NAME,
    MIN_STATUS_LIST_BITS,
    STATUS_PURPOSE,
    achievement_id,
    badge_url,
    build_credential,
    credential_url,
    end_of,
    format_datetime,
    issue_credential,
    issuer_id,
    issuer_profile,
    parse_datetime,
    period_for,
    start_of,
    status_index,
    status_list_id,
    verification_method_id,
    verify_url,
)
from balanse.certification.credentials.jsonld import (
    CID_CONTEXT,
    CONTEXT_FILES,
    DATA_INTEGRITY_CONTEXT,
    MULTIKEY_CONTEXT,
    OB_CONTEXT,
    VC_CONTEXT,
)
from balanse.certification.credentials.keys import (
    clear_cache,
    current_key,
    multibase_decode,
    multibase_encode,
    public_key_from_multibase,
    public_key_multibase,
    signing_key,
)
from balanse.certification.credentials.proofs import JCS, RDFC, ProofError, sign
from balanse.certification.credentials.rotation import Rotation, rotate_key
from balanse.certification.credentials.status_list import (
    bit_is_set,
    decode_bitstring,
    encode_bitstring,
    is_revoked,
    signed_status_list,
    status_list_credential,
)
from balanse.certification.credentials.verification import (
    Problem,
    Verdict,
    reissue_url,
    verify_credential,
    verify_proof,
)

MEDIA_TYPE = "application/vc"  # VC 2.0 §6.3 "Media Types"


def dumps(document: dict) -> str:
    """Pretty JSON for people and files (the proof covers the canonical form, not this layout)."""
    return json.dumps(document, ensure_ascii=False, indent=2)


__all__ = [
    "ACHIEVEMENT_NAME",
    "CID_CONTEXT",
    "CONTEXT_FILES",
    "DATA_INTEGRITY_CONTEXT",
    "ISSUER_NAME",
    "JCS",
    "MEDIA_TYPE",
    "MIN_STATUS_LIST_BITS",
    "MULTIKEY_CONTEXT",
    "OB_CONTEXT",
    "RDFC",
    "STATUS_PURPOSE",
    "VC_CONTEXT",
    "Problem",
    "ProofError",
    "Rotation",
    "Verdict",
    "achievement_id",
    "badge_url",
    "bit_is_set",
    "build_credential",
    "clear_cache",
    "credential_url",
    "current_key",
    "decode_bitstring",
    "dumps",
    "encode_bitstring",
    "end_of",
    "format_datetime",
    "is_revoked",
    "issue_credential",
    "issuer_id",
    "issuer_profile",
    "multibase_decode",
    "multibase_encode",
    "parse_datetime",
    "period_for",
    "public_key_from_multibase",
    "public_key_multibase",
    "reissue_url",
    "rotate_key",
    "sign",
    "signed_status_list",
    "signing_key",
    "start_of",
    "status_index",
    "status_list_credential",
    "status_list_id",
    "verification_method_id",
    "verify_credential",
    "verify_proof",
    "verify_url",
]
