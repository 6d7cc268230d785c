"""Checking a Balansemerket credential as a verifier would: signature, dates and status.

Accepts proofs made with `eddsa-rdfc-2022` (what we issue) and `eddsa-jcs-2022` (what we issued before).
The key is resolved from our own issuer profile, never from the network: a key replaced by rotation still
verifies what it signed; a key marked compromised does not, and the verdict says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from balanse.certification.credentials import documents, jsonld, keys, proofs, status_list
from balanse.core.links import site_url


@dataclass(frozen=True)
class Problem:
    """Why a credential does not verify. `code` is stable (pages translate it); `detail` is English."""

    area: str  # signature, type, dates, status
    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.area}: {self.detail}"


@dataclass
class Verdict:
    signature: bool = False
    dates: bool = False
    status: bool = False
    revoked: bool = False
    cryptosuite: str = ""
    key_id: str = ""
    compromised_at: datetime | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signature and self.dates and self.status and not self.problems

    @property
    def codes(self) -> list[str]:
        return [problem.code for problem in self.problems]


class KeyProblem(proofs.ProofError):
    def __init__(self, message: str, *, code: str, record=None):
        super().__init__(message, code=code)
        self.record = record


def resolve_key(verification_method: str):
    """Our own key named by `verification_method` (a `CredentialKey`); raises KeyProblem."""
    from balanse.certification.models import CredentialKey

    prefix = documents.issuer_id() + "#"
    if not verification_method.startswith(prefix):
        raise KeyProblem("the key is not one of Balansekunst's keys", code="unknown_key")
    record = CredentialKey.objects.filter(key_id=verification_method[len(prefix) :]).first()
    if record is None:
        raise KeyProblem("unknown verification method", code="unknown_key")
    if record.compromised_at is not None:
        raise KeyProblem(
            f"the signing key {record.key_id} was withdrawn on {record.compromised_at:%Y-%m-%d} because it "
            "may have been compromised",
            code="key_compromised",
            record=record,
        )
    return record


def verify_proof(document) -> proofs.ProofError | dict:
    """The proof of one of our documents, checked against our own key; returns the proof or the error."""
    try:
        if not isinstance(document, dict):
            raise proofs.ProofError("not a JSON object")
        try:
            jsonld.check_shape(document)
        except jsonld.JsonLdError as exc:
            raise proofs.ProofError(str(exc), code="context") from exc
        proof = proofs.select_proof(document)
        record = resolve_key(proof["verificationMethod"])
        issuer = document.get("issuer")
        issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
        if issuer_ref != documents.issuer_id():
            raise KeyProblem("the key does not belong to the issuer", code="unknown_key")
        return proofs.verify(document, keys.public_key_from_multibase(record.public_key_multibase))
    except proofs.ProofError as exc:
        return exc


def verify_credential(document, *, now: datetime | None = None) -> Verdict:
    verdict = Verdict()
    result = verify_proof(document)
    if isinstance(result, proofs.ProofError):
        verdict.problems.append(Problem("signature", result.code, str(result)))
        record = getattr(result, "record", None)
        if record is not None:
            verdict.key_id, verdict.compromised_at = record.key_id, record.compromised_at
        return verdict
    verdict.signature = True
    verdict.cryptosuite = result["cryptosuite"]
    verdict.key_id = result["verificationMethod"].rsplit("#", 1)[-1]
    types = document.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "OpenBadgeCredential"} <= set(types):
        verdict.problems.append(Problem("type", "type", "not an OpenBadgeCredential"))
    now = now or timezone.now()
    try:
        valid_from = documents.parse_datetime(document["validFrom"])
        valid_until = documents.parse_datetime(document["validUntil"])
    except (KeyError, ValueError) as exc:
        verdict.problems.append(Problem("dates", "malformed", f"missing or malformed date: {exc}"))
    else:
        if now < valid_from:
            verdict.problems.append(Problem("dates", "not_yet_valid", "not valid yet"))
        elif now > valid_until:
            verdict.problems.append(Problem("dates", "expired", "expired"))
        else:
            verdict.dates = True
    verdict.status, verdict.revoked, problem = _check_status(document.get("credentialStatus"))
    if problem:
        verdict.problems.append(problem)
    return verdict


def _check_status(entry) -> tuple[bool, bool, Problem | None]:
    """(status ok, revoked, problem), read from the status list we serve."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return False, False, Problem("status", "malformed", "no BitstringStatusListEntry")
    if entry.get("statusPurpose") != documents.STATUS_PURPOSE:
        return False, False, Problem("status", "malformed", "unexpected status purpose")
    if entry.get("statusListCredential") != documents.status_list_id():
        return False, False, Problem("status", "malformed", "unknown status list")
    try:
        index = int(entry.get("statusListIndex"))
        revoked = status_list.is_revoked(index)
    except (TypeError, ValueError, OSError) as exc:
        return False, False, Problem("status", "malformed", str(exc) or "malformed status index")
    if revoked:
        return False, True, Problem("status", "revoked", "revoked")
    return True, False, None


def reissue_url(document) -> str:
    """Where a fresh copy of this credential can be fetched, if it is one of ours."""
    credential_id = document.get("id") if isinstance(document, dict) else None
    if isinstance(credential_id, str) and credential_id.startswith(site_url() + "/"):
        return credential_id.split("#", 1)[0]
    return ""
