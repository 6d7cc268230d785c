"""The signed credential: Open Badges 3.0 / VC 2.0 with a Data Integrity proof (eddsa-jcs-2022)."""

import copy
import json
import stat
from datetime import date, timedelta

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.utils import timezone

from balanse.certification import credentials, services
from balanse.certification.models import Certification, Period
from balanse.organisations.models import Organisation

S = Certification.State


def _sample_credential() -> dict:
    """A credential of the same shape as `certified`'s, built without the database (for parametrising)."""
    organisation = Organisation(pk=1, name="Teater", org_number="974760673")
    certification = Certification(pk=1, organisation=organisation, certificate_number="BM-2026-001")
    period = Period(cycle=1, valid_from=date(2026, 1, 1), valid_until=date(2027, 1, 1))
    document = credentials.build_credential(certification=certification, period=period)
    return credentials.sign(document, Ed25519PrivateKey.generate())


def leaf_paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*prefix, index))
    else:
        yield prefix


LEAF_PATHS = sorted(leaf_paths(_sample_credential()), key=str)


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("x" if not value.endswith("x") else "y") if value else "x"
    return "x"


def _set(document, path, value):
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _get(document, path):
    for step in path:
        document = document[step]
    return document


# RFC 8785.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": [True, False, None]}, '{"a":[true,false,null],"b":1}'),
        (
            {"€": 1, "\r": 2, "1": 3, "\U0001f600": 4, "\ufb33": 5},
            '{"\\r":2,"1":3,"\u20ac":1,"\U0001f600":4,"\ufb33":5}',
        ),
        ('\u2028\x0f"\\/é', '"\u2028\\u000f\\"\\\\/é"'),
        ([1e21, 1e-7, 333333333.33333329, 5e-324, -0.0, 4.50, 2e-3, 1e23], None),
    ],
)
def test_canonicalize_follows_rfc_8785(value, expected):
    if expected is None:
        expected = "[1e+21,1e-7,333333333.3333333,5e-324,0,4.5,0.002,1e+23]"
    assert credentials.canonicalize(value).decode() == expected


def test_multikey_of_a_known_key_matches_the_published_example():
    key = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
    )
    assert (
        credentials.public_key_multibase(key.public_key())
        == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    )


def test_base58_round_trip_keeps_leading_zeros():
    data = b"\0\0\x01\x02\xff"
    assert credentials.base58btc_decode(credentials.base58btc_encode(data)) == data


# The key.


def test_issuer_key_is_generated_once_outside_the_database_with_0600(settings):
    path = settings.CREDENTIAL_KEY_PATH
    assert not path.exists()
    key = credentials.issuer_key()
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    credentials._key_cache.clear()
    again = credentials.issuer_key()
    assert credentials.public_key_multibase(again.public_key()) == credentials.public_key_multibase(
        key.public_key()
    )


# The credential.


def test_credential_has_the_open_badges_shape(certified):
    document = credentials.issue_credential(certified)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"] == {
        "id": "https://balanse.test/merket/utsteder/",
        "type": ["Profile"],
        "name": "Balansekunst",
    }
    subject = document["credentialSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Teater Ærlig & Åpen",
        },
        {
            "type": "IdentityObject",
            "identityType": "identifier",
            "hashed": False,
            "identityHash": "974760673",
        },
    ]
    assert subject["achievement"]["name"] == "Balansemerket"
    assert subject["achievement"]["type"] == ["Achievement"]
    today = timezone.localdate()
    assert document["validFrom"] == credentials.format_datetime(credentials._start_of(today))
    assert document["validUntil"] == credentials.format_datetime(
        credentials._end_of(today.replace(year=today.year + 1))
    )
    assert document["credentialStatus"] == {
        "id": f"https://balanse.test/merket/statusliste/#{certified.pk}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(certified.pk),
        "statusListCredential": "https://balanse.test/merket/statusliste/",
    }
    proof = document["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["verificationMethod"] == "https://balanse.test/merket/utsteder/#key-1"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["@context"] == document["@context"]  # as eddsa-jcs-2022 Create Proof says
    assert proof["proofValue"].startswith("z")
    assert len(credentials.multibase_decode(proof["proofValue"])) == 64


def test_credential_without_org_number_names_the_organisation_only(organisation, make_certification):
    organisation.org_number = ""
    organisation.save()
    cert = make_certification(organisation, S.CERTIFIED)
    document = credentials.issue_credential(cert)
    assert [i["identityType"] for i in document["credentialSubject"]["identifier"]] == ["name"]
    assert credentials.verify_credential(document).valid


def test_credential_is_valid(certified):
    verdict = credentials.verify_credential(credentials.issue_credential(certified))
    assert (verdict.signature, verdict.dates, verdict.status, verdict.revoked) == (True, True, True, False)
    assert verdict.problems == []
    assert verdict.valid


def test_credential_survives_a_json_round_trip_with_other_layout(certified):
    document = credentials.issue_credential(certified)
    reloaded = json.loads(json.dumps(document, indent=4, ensure_ascii=True, sort_keys=True))
    assert credentials.verify_credential(reloaded).valid


def test_sample_credential_has_the_same_leaves_as_a_real_one(certified):
    real = credentials.issue_credential(certified)
    assert sorted(leaf_paths(real), key=str) == LEAF_PATHS


@pytest.mark.parametrize("path", LEAF_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_credential_tampered_at_any_leaf_fails(certified, path):
    document = credentials.issue_credential(certified)
    tampered = copy.deepcopy(document)
    _set(tampered, path, _changed(_get(document, path)))
    assert tampered != document
    verdict = credentials.verify_credential(tampered)
    assert not verdict.valid
    assert not verdict.signature


@pytest.mark.parametrize("key", ["credentialSubject", "validUntil", "credentialStatus", "evidence", "proof"])
def test_credential_with_a_field_removed_fails(certified, key):
    document = credentials.issue_credential(certified)
    del document[key]
    assert not credentials.verify_credential(document).valid


def test_credential_with_a_field_added_fails(certified):
    document = credentials.issue_credential(certified)
    document["credentialSubject"]["extra"] = "x"
    assert not credentials.verify_credential(document).valid


def test_credential_signed_by_another_key_fails(certified):
    document = credentials.issue_credential(certified)
    forged = credentials.sign(
        {k: v for k, v in document.items() if k != "proof"}, Ed25519PrivateKey.generate()
    )
    verdict = credentials.verify_credential(forged)
    assert not verdict.valid
    assert verdict.problems == ["signature: signature does not match"]


def test_credential_expired_fails_on_dates(certified):
    document = credentials.issue_credential(certified)
    with time_machine.travel(timezone.now() + timedelta(days=367)):
        verdict = credentials.verify_credential(document)
    assert verdict.signature
    assert not verdict.dates
    assert verdict.problems == ["dates: expired"]
    assert not verdict.valid


def test_credential_before_valid_from_fails_on_dates(certified):
    document = credentials.issue_credential(certified)
    verdict = credentials.verify_credential(document, now=timezone.now() - timedelta(days=2))
    assert verdict.problems == ["dates: not valid yet"]


def test_credential_of_withdrawn_mark_is_revoked_through_the_status_list(certified, operator):
    document = credentials.issue_credential(certified)
    assert credentials.verify_credential(document).valid
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    verdict = credentials.verify_credential(document)
    assert verdict.signature and verdict.dates
    assert verdict.revoked
    assert verdict.problems == ["status: revoked"]
    assert not verdict.valid
    # A credential fetched after the withdrawal says the same.
    certified.refresh_from_db()
    assert credentials.verify_credential(credentials.issue_credential(certified)).revoked


def test_status_list_sets_exactly_the_withdrawn_marks(certified, make_certification, operator):
    from tests.factories import OrganisationFactory

    other = make_certification(OrganisationFactory(), S.CERTIFIED)
    services.withdraw(certification=other, by=operator, reason="Gave it back")
    status = credentials.status_list_credential()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status["credentialSubject"]["statusPurpose"] == "revocation"
    assert credentials.verify_proof(status) == (True, "signature valid")
    bits = credentials.decode_bitstring(status["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072
    assert credentials.bit_is_set(bits, other.pk)
    assert not credentials.bit_is_set(bits, certified.pk)
    assert sum(bin(b).count("1") for b in bits) == 1


def test_status_index_is_stable_across_renewal(certified, operator):
    from tests.certification.conftest import tick_all

    before = credentials.issue_credential(certified)["credentialStatus"]["statusListIndex"]
    cert = services.start_follow_up(certification=certified, by=operator, date=timezone.localdate())
    tick_all(cert)
    cert = services.renew(certification=cert, decided_by=operator)
    after = credentials.issue_credential(cert)
    assert after["credentialStatus"]["statusListIndex"] == before
    assert after["id"].endswith("#1")  # today still lies in the first period


def test_no_credential_before_the_mark_is_awarded(organisation, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    assert credentials.issue_credential(cert) is None


def test_issuer_profile_lists_the_public_key_as_multikey():
    profile = credentials.issuer_profile()
    assert profile["id"] == "https://balanse.test/merket/utsteder/"
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Balansekunst"
    [method] = profile["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["controller"] == profile["id"]
    assert method["publicKeyMultibase"] == credentials.public_key_multibase(
        credentials.issuer_key().public_key()
    )
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert profile["assertionMethod"] == [method["id"]]


# The command.


def _write(tmp_path, document) -> str:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_verify_credential_command_accepts_a_valid_credential(certified, tmp_path, capsys):
    call_command("verify_credential", _write(tmp_path, credentials.issue_credential(certified)))
    out = capsys.readouterr().out
    assert "GYLDIG / VALID" in out
    assert "Signatur / signature: OK" in out


def test_verify_credential_command_rejects_a_tampered_credential(certified, tmp_path, capsys):
    document = credentials.issue_credential(certified)
    document["validUntil"] = "2099-12-31T22:59:59Z"
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", _write(tmp_path, document))
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "Signatur / signature: UGYLDIG / INVALID" in out
    assert "Datoer / dates: ikke kontrollert / not checked" in out
    assert "IKKE GYLDIG / NOT VALID" in out


def test_verify_credential_command_reports_revoked(certified, operator, tmp_path, capsys):
    path = _write(tmp_path, credentials.issue_credential(certified))
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", path)
    assert exit_info.value.code == 1
    assert "Status: TRUKKET TILBAKE / REVOKED" in capsys.readouterr().out


def test_verify_credential_command_reports_expired(certified, tmp_path, capsys):
    path = _write(tmp_path, credentials.issue_credential(certified))
    with time_machine.travel(timezone.now() + timedelta(days=400)), pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", path)
    assert exit_info.value.code == 1
    assert "- dates: expired" in capsys.readouterr().out


def test_verify_credential_command_handles_unreadable_input(db, tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", str(path))
    assert exit_info.value.code == 1
    assert "cannot read the file" in capsys.readouterr().out
