"""Interoperability: the W3C test vectors, the official OB 3.0 JSON Schema, JSON-LD expansion with nothing
dropped, and verification by implementations that are not ours (pyld + cryptography directly, and
openbadgeslib)."""

import json
from pathlib import Path

import jsonschema
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
from openbadgeslib.ob3.verifier import OB3VerificationError

from balanse.certification import credentials, services
from balanse.certification.credentials import jsonld, keys, proofs
from balanse.certification.models import Certification
from tests.certification.proof import independent

SCHEMAS = Path(credentials.__file__).resolve().parent / "vendor" / "schema"

# The W3C "Data Integrity EdDSA Cryptosuites v1.0" test vectors (Appendix B): the key pair, the unsigned
# Alumni credential, the proof options and the expected proof values.
PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
ALUMNI = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
VECTOR_METHOD = f"did:key:{PUBLIC_KEY}#{PUBLIC_KEY}"
VECTOR_CREATED = "2023-02-24T23:36:38Z"
EXPECTED = {
    credentials.RDFC: "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme",
    credentials.JCS: "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX",
}
EXTRA = {"https://www.w3.org/ns/credentials/examples/v2": independent.EXAMPLES_V2}


def _vector_key() -> Ed25519PrivateKey:
    raw = credentials.multibase_decode(SECRET_KEY)
    assert raw[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


@pytest.mark.parametrize("suite", [credentials.RDFC, credentials.JCS])
def test_w3c_test_vector_signs_to_the_expected_proof_value(suite):
    from datetime import datetime

    key = _vector_key()
    assert credentials.public_key_multibase(key.public_key()) == PUBLIC_KEY
    signed = proofs.sign(
        ALUMNI,
        key,
        verification_method=VECTOR_METHOD,
        created=datetime.fromisoformat(VECTOR_CREATED),
        cryptosuite=suite,
        extra_contexts=EXTRA,
    )
    assert signed["proof"][0]["proofValue"] == EXPECTED[suite]


@pytest.mark.parametrize("suite", [credentials.RDFC, credentials.JCS])
def test_w3c_test_vector_verifies_with_our_code(suite):
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": suite,
        "created": VECTOR_CREATED,
        "verificationMethod": VECTOR_METHOD,
        "proofPurpose": "assertionMethod",
    }
    if suite == credentials.JCS:
        proof["@context"] = ALUMNI["@context"]
    secured = ALUMNI | {"proof": proof | {"proofValue": EXPECTED[suite]}}
    public_key = credentials.public_key_from_multibase(PUBLIC_KEY)
    assert proofs.verify(secured, public_key, extra_contexts=EXTRA)["cryptosuite"] == suite
    tampered = secured | {"name": "Alumni Credentiax"}
    with pytest.raises(proofs.ProofError, match="signature does not match"):
        proofs.verify(tampered, public_key, extra_contexts=EXTRA)


def test_w3c_test_vector_context_is_refused_outside_the_test():
    """The examples context the vector needs was only lent to that one call: it is still unknown."""
    with pytest.raises(jsonld.UnknownContextError):
        jsonld.canonicalize(ALUMNI)


def test_document_loader_refuses_any_other_url():
    with pytest.raises(jsonld.UnknownContextError, match="never fetched"):
        jsonld.load_context("https://www.w3.org/2018/credentials/v1")
    for url in credentials.CONTEXT_FILES:
        assert "@context" in jsonld.load_context(url)


# The official JSON Schema and JSON-LD expansion.


def _schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_every_issued_credential_is_valid_against_the_ob_3_schema(certified, make_certification):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(org_number="")
    validator = jsonschema.Draft201909Validator(_schema("ob_v3p0_achievementcredential_schema.json"))
    for cert in (certified, make_certification(organisation, Certification.State.CERTIFIED)):
        document = credentials.issue_credential(cert)
        errors = sorted(validator.iter_errors(document), key=str)
        assert errors == []


def test_schema_catches_what_the_old_credential_got_wrong(certified):
    validator = jsonschema.Draft201909Validator(_schema("ob_v3p0_achievementcredential_schema.json"))
    document = credentials.issue_credential(certified)
    document["credentialSubject"]["identifier"][0]["extra"] = "x"
    document["@context"] = document["@context"][::-1]
    assert len(list(validator.iter_errors(document))) >= 2


def test_issuer_profile_is_valid_against_the_ob_3_profile_schema(db):
    validator = jsonschema.Draft201909Validator(_schema("ob_v3p0_profile_schema.json"))
    assert list(validator.iter_errors(credentials.issuer_profile())) == []


def test_credential_expands_with_no_term_dropped(certified):
    expanded = independent.expand(credentials.issue_credential(certified))
    node = expanded[0]
    assert "https://www.w3.org/2018/credentials#credentialSubject" in node
    assert "https://w3id.org/security#proof" in node
    subject = node["https://www.w3.org/2018/credentials#credentialSubject"][0]
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identifier" in subject


def test_issuer_profile_expands_with_its_keys_kept(db):
    """With the Controlled Identifiers context the keys survive expansion (they used to be dropped)."""
    [node] = independent.expand(credentials.issuer_profile())
    method = node["https://w3id.org/security#verificationMethod"][0]
    assert method["@type"] == ["https://w3id.org/security#Multikey"]
    assert method["https://w3id.org/security#publicKeyMultibase"][0]["@value"].startswith("z6Mk")
    assert node["https://w3id.org/security#assertionMethod"] == [{"@id": method["@id"]}]


def test_status_list_expands_with_no_term_dropped(certified):
    credentials.issue_credential(certified)
    [node] = independent.expand(credentials.status_list_credential())
    subject = node["https://www.w3.org/2018/credentials#credentialSubject"][0]
    assert "https://www.w3.org/ns/credentials/status#encodedList" in subject


# Verification by implementations that are not ours.


def _public_key() -> str:
    return credentials.current_key().public_key_multibase


def test_our_credential_verifies_with_an_independent_implementation(certified):
    document = credentials.issue_credential(certified)
    independent.verify(document, _public_key())
    tampered = document | {"name": document["name"] + "!"}
    with pytest.raises(InvalidSignature):
        independent.verify(tampered, _public_key())


def test_our_status_list_verifies_with_an_independent_implementation(certified):
    credentials.issue_credential(certified)
    independent.verify(credentials.status_list_credential(), _public_key())


def test_openbadgeslib_verifies_our_credential_and_sees_its_revocation(certified, operator):
    """openbadgeslib 4.6.3 verifies eddsa-rdfc-2022 natively (and checks that the JSON is exactly the
    compacted form of what was signed); it fetches status lists through `download`, given ours here."""
    document = credentials.issue_credential(certified)
    pem = independent.public_pem(_public_key())

    def download(url, *args, **kwargs):
        assert url == "https://balanse.test/merket/statusliste/"
        return json.dumps(credentials.status_list_credential()).encode()

    verifier = OB3LdpVerifier(pubkey_pem=pem)
    badge = verifier.verify(document, check_status=True, download=download, verify_status_list=False)
    assert badge.name == document["name"]
    verify_data_integrity_proof(credentials.status_list_credential(), pem)
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(document, check_status=True, download=download, verify_status_list=False)


def test_openbadgeslib_refuses_our_credential_under_another_key(certified):
    document = credentials.issue_credential(certified)
    other = keys.public_key_multibase(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(OB3VerificationError, match="signature"):
        OB3LdpVerifier(pubkey_pem=independent.public_pem(other)).verify(document)
