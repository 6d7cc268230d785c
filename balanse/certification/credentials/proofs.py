"""Data Integrity proofs with Ed25519 (W3C "Data Integrity EdDSA Cryptosuites v1.0").

New documents are signed with `eddsa-rdfc-2022`: the RDFC-1.0 canonical form of the proof configuration and
of the document, SHA-256 of each, Ed25519 over the two hashes. Documents signed before with `eddsa-jcs-2022`
(the same, with the JSON Canonicalization Scheme, RFC 8785) still verify. The proof is written as an array.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils import timezone

from balanse.certification.credentials import jsonld
from balanse.certification.credentials.keys import multibase_decode, multibase_encode

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (RDFC, JCS)
PROOF_PURPOSE = "assertionMethod"


class ProofError(ValueError):
    """The proof does not hold. `code`: malformed, unsupported, context, tampered."""

    def __init__(self, message: str, *, code: str = "malformed"):
        super().__init__(message)
        self.code = code


def _format(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text) -> datetime:
    if not isinstance(text, str):
        raise ProofError("proof date is not a date-time string")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ProofError(f"proof date {text!r} is not a date-time") from exc
    if moment.tzinfo is None:
        raise ProofError("proof date without a time zone")
    return moment


def _hash_data(unsecured: dict, options: dict, cryptosuite: str, extra_contexts) -> bytes:
    """SHA-256(canonical proof configuration) || SHA-256(canonical document), as both suites define it."""
    config = {k: v for k, v in options.items() if k != "proofValue"}
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    if cryptosuite == RDFC:
        try:
            canonical_config = jsonld.canonicalize(config, extra_contexts=extra_contexts).encode("utf-8")
            canonical_document = jsonld.canonicalize(unsecured, extra_contexts=extra_contexts).encode("utf-8")
        except jsonld.JsonLdError as exc:
            raise ProofError(str(exc), code="context") from exc
    else:
        try:
            canonical_config = rfc8785.dumps(config)
            canonical_document = rfc8785.dumps(unsecured)
        except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
            raise ProofError(f"cannot canonicalise the document: {exc}") from exc
    return hashlib.sha256(canonical_config).digest() + hashlib.sha256(canonical_document).digest()


def sign(
    document: dict,
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: datetime | None = None,
    cryptosuite: str = RDFC,
    extra_contexts: Mapping[str, dict] | None = None,
) -> dict:
    """A copy of `document` with a DataIntegrityProof in a one-item `proof` array."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": cryptosuite,
        "created": _format(created or timezone.now()),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    if cryptosuite == JCS and "@context" in unsecured:
        options["@context"] = unsecured["@context"]  # as eddsa-jcs-2022 "Create Proof" says
    signature = private_key.sign(_hash_data(unsecured, options, cryptosuite, extra_contexts))
    return unsecured | {"proof": [options | {"proofValue": multibase_encode(signature)}]}


def select_proof(document) -> dict:
    """The one proof of `document` (an object, or an array holding one object)."""
    if not isinstance(document, dict):
        raise ProofError("not a JSON object")
    proof = document.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise ProofError("expected exactly one proof")
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("no proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") not in CRYPTOSUITES:
        raise ProofError("unsupported proof type or cryptosuite", code="unsupported")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise ProofError("wrong proof purpose")
    if not isinstance(proof.get("verificationMethod"), str):
        raise ProofError("the proof names no verification method")
    _parse(proof.get("created"))
    if "expires" in proof and _parse(proof["expires"]) < timezone.now():
        raise ProofError("the proof has expired")
    return proof


def verify(
    document: dict,
    public_key: Ed25519PublicKey,
    *,
    extra_contexts: Mapping[str, dict] | None = None,
) -> dict:
    """Check the proof of `document` against `public_key`; returns the proof, raises ProofError."""
    proof = select_proof(document)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" in options:
        context, wanted = unsecured.get("@context"), options["@context"]
        if not isinstance(context, list) or not isinstance(wanted, list) or context[: len(wanted)] != wanted:
            raise ProofError("the proof's context does not match the document's")
        unsecured["@context"] = wanted
    try:
        signature = multibase_decode(proof.get("proofValue"))
    except ValueError as exc:
        raise ProofError(f"malformed proof value: {exc}") from exc
    if len(signature) != 64:
        raise ProofError("malformed signature")
    try:
        public_key.verify(signature, _hash_data(unsecured, options, proof["cryptosuite"], extra_contexts))
    except InvalidSignature as exc:
        raise ProofError("signature does not match", code="tampered") from exc
    return proof
