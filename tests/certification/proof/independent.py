"""An independent verifier for the tests: pyld and `cryptography` directly, not our credentials module.

It reads the same vendored context files (by its own map of URL to file) and refuses any other URL.
"""

import hashlib
import json
from pathlib import Path

import base58
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

CONTEXTS = Path(__file__).resolve().parents[3] / "balanse/certification/credentials/vendor/contexts"
FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    "https://www.w3.org/ns/cid/v1": "cid-v1.jsonld",
}
EXAMPLES_V2 = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}


def loader(url, options=None):
    if url == "https://www.w3.org/ns/credentials/examples/v2":
        return {"contextUrl": None, "documentUrl": url, "document": EXAMPLES_V2}
    if url not in FILES:
        raise ValueError(f"refused {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((CONTEXTS / FILES[url]).read_text()),
    }


def expand(document: dict) -> list:
    """Expansion that fails on any dropped property."""
    dropped = []
    expanded = jsonld.JsonLdProcessor(on_property_dropped=dropped.append).expand(
        document, {"documentLoader": loader}
    )
    assert dropped == [], dropped
    return expanded


def public_key(multibase: str) -> Ed25519PublicKey:
    raw = base58.b58decode(multibase[1:])
    assert raw[:2] == b"\xed\x01"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_pem(multibase: str) -> bytes:
    return public_key(multibase).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def verify(document: dict, multibase: str) -> None:
    """Raise (InvalidSignature, AssertionError) unless the document's one proof verifies with the key."""
    proof = document["proof"]
    proof = proof[0] if isinstance(proof, list) else proof
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = proof.get("@context", unsecured["@context"])
    if proof["cryptosuite"] == "eddsa-rdfc-2022":

        def canon(value):
            options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}
            return jsonld.normalize(value, options).encode()
    else:
        assert proof["cryptosuite"] == "eddsa-jcs-2022"
        canon = rfc8785.dumps
    digest = hashlib.sha256(canon(config)).digest() + hashlib.sha256(canon(unsecured)).digest()
    public_key(multibase).verify(base58.b58decode(proof["proofValue"][1:]), digest)
