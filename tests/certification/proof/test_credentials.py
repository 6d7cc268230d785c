"""The signed credential: Open Badges 3.0 / VC 2.0 with a Data Integrity proof (eddsa-rdfc-2022; credentials
issued before with eddsa-jcs-2022 keep verifying)."""

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
from balanse.certification.credentials import proofs
from balanse.certification.models import Certification, CredentialKey, Period
from balanse.organisations.models import Organisation

S = Certification.State
SUITES = [credentials.RDFC, credentials.JCS]


def legacy(document: dict) -> dict:
    """`document` re-signed as credentials were before this change: eddsa-jcs-2022, the proof an object."""
    record, private = credentials.signing_key()
    signed = credentials.sign(
        document,
        private,
        verification_method=credentials.verification_method_id(record.key_id),
        cryptosuite=credentials.JCS,
    )
    return signed | {"proof": signed["proof"][0]}


def issue(certification, suite: str) -> dict:
    document = credentials.issue_credential(certification)
    return document if suite == credentials.RDFC else legacy(document)


def _sample_credential(suite: str) -> dict:
    """A credential of the same shape as `certified`'s, built without the database (for parametrising)."""
    organisation = Organisation(pk=1, name="Teater", org_number="974760673")
    certification = Certification(pk=1, organisation=organisation, certificate_number="BM-2026-001")
    period = Period(cycle=1, valid_from=date(2026, 1, 1), valid_until=date(2027, 1, 1))
    document = credentials.build_credential(certification=certification, period=period, index=7)
    signed = credentials.sign(
        document, Ed25519PrivateKey.generate(), verification_method="https://x.test/#key-1", cryptosuite=suite
    )
    return signed if suite == credentials.RDFC else signed | {"proof": signed["proof"][0]}


def leaf_paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*prefix, index))
    else:
        yield prefix


LEAF_PATHS = {suite: sorted(leaf_paths(_sample_credential(suite)), key=str) for suite in SUITES}
TAMPER_CASES = [(suite, path) for suite in SUITES for path in LEAF_PATHS[suite]]


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


# Multikey and multibase.


def test_multikey_of_a_known_key_matches_the_published_example():
    key = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex("6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4")
    )
    assert (
        credentials.public_key_multibase(key.public_key())
        == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    )


def test_multibase_round_trip_keeps_leading_zeros():
    data = b"\0\0\x01\x02\xff"
    assert credentials.multibase_decode(credentials.multibase_encode(data)) == data


# The key.


def test_issuer_key_is_generated_once_outside_the_database_with_0600(db, settings):
    path = settings.CREDENTIAL_KEY_PATH
    assert not path.exists()
    record, key = credentials.signing_key()
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert (record.key_id, record.file_name, record.current) == ("key-1", "issuer-ed25519.pem", True)
    assert record.public_key_multibase == credentials.public_key_multibase(key.public_key())
    assert b"PRIVATE" not in record.public_key_multibase.encode()
    credentials.clear_cache()
    again = credentials.signing_key()[1]
    assert credentials.public_key_multibase(again.public_key()) == record.public_key_multibase


def test_existing_key_file_is_adopted_as_the_first_key(db, settings):
    from balanse.certification.credentials.keys import write_new_key

    key = write_new_key(settings.CREDENTIAL_KEY_PATH)
    record = credentials.current_key()
    assert record.public_key_multibase == credentials.public_key_multibase(key.public_key())


def test_missing_key_file_is_a_clear_error_not_a_new_key(certified, settings):
    from balanse.certification.credentials.keys import KeyFileError

    credentials.issue_credential(certified)
    settings.CREDENTIAL_KEY_PATH.unlink()
    credentials.clear_cache()
    with pytest.raises(KeyFileError, match="Restore it from the backup"):
        credentials.issue_credential(certified)
    assert not settings.CREDENTIAL_KEY_PATH.exists()


# The credential.


def test_credential_has_the_open_badges_shape(certified):
    document = credentials.issue_credential(certified)
    certified.refresh_from_db()
    index = certified.status_list_index
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
    assert "source" not in subject
    assert subject["achievement"]["name"] == "Balansemerket"
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["image"] == {
        "id": f"https://balanse.test/merket/{certified.certificate_number}/merke.svg",
        "type": "Image",
        "caption": "Balansemerket",
    }
    today = timezone.localdate()
    assert document["validFrom"] == credentials.format_datetime(credentials.start_of(today))
    assert document["validUntil"] == credentials.format_datetime(
        credentials.end_of(services.period_end(today))
    )
    assert document["credentialStatus"] == {
        "id": f"https://balanse.test/merket/statusliste/#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": "https://balanse.test/merket/statusliste/",
    }
    [proof] = document["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == "https://balanse.test/merket/utsteder/#key-1"
    assert proof["proofPurpose"] == "assertionMethod"
    assert "@context" not in proof  # eddsa-rdfc-2022 "Create Proof" adds it to the configuration only
    assert proof["proofValue"].startswith("z")
    assert len(credentials.multibase_decode(proof["proofValue"])) == 64


def test_credential_names_the_site_it_is_issued_on(certified, settings):
    settings.SITE_URL = "http://127.0.0.1:8014"
    document = credentials.issue_credential(certified)
    assert document["issuer"]["id"] == "http://127.0.0.1:8014/merket/utsteder/"
    assert document["proof"][0]["verificationMethod"].startswith("http://127.0.0.1:8014/merket/utsteder/#")
    assert credentials.verify_credential(document).valid


def test_organisation_name_is_one_line_without_control_characters(organisation, make_certification):
    organisation.name = "Teater\tLys\n og\u00a0Skygge"
    organisation.save()
    document = credentials.issue_credential(make_certification(organisation, S.CERTIFIED))
    assert document["credentialSubject"]["identifier"][0]["identityHash"] == "Teater Lys og Skygge"


def test_credential_without_org_number_names_the_organisation_only(organisation, make_certification):
    organisation.org_number = ""
    organisation.save()
    cert = make_certification(organisation, S.CERTIFIED)
    document = credentials.issue_credential(cert)
    assert [i["identityType"] for i in document["credentialSubject"]["identifier"]] == ["name"]
    assert credentials.verify_credential(document).valid


@pytest.mark.parametrize("suite", SUITES)
def test_credential_is_valid(certified, suite):
    verdict = credentials.verify_credential(issue(certified, suite))
    assert (verdict.signature, verdict.dates, verdict.status, verdict.revoked) == (True, True, True, False)
    assert (verdict.cryptosuite, verdict.key_id) == (suite, "key-1")
    assert verdict.problems == []
    assert verdict.valid


@pytest.mark.parametrize("suite", SUITES)
def test_credential_survives_a_json_round_trip_with_other_layout(certified, suite):
    document = issue(certified, suite)
    reloaded = json.loads(json.dumps(document, indent=4, ensure_ascii=True, sort_keys=True))
    assert credentials.verify_credential(reloaded).valid


@pytest.mark.parametrize("suite", SUITES)
def test_sample_credential_has_the_same_leaves_as_a_real_one(certified, quick_mark, suite):
    for mark in (certified, quick_mark):
        assert sorted(leaf_paths(issue(mark, suite)), key=str) == LEAF_PATHS[suite]


@pytest.mark.parametrize(
    ("suite", "path"), TAMPER_CASES, ids=lambda p: p if isinstance(p, str) else ".".join(map(str, p))
)
def test_credential_tampered_at_any_leaf_fails(quick_mark, suite, path):
    document = issue(quick_mark, suite)
    tampered = copy.deepcopy(document)
    _set(tampered, path, _changed(_get(document, path)))
    assert tampered != document
    verdict = credentials.verify_credential(tampered)
    assert not verdict.valid
    assert not verdict.signature


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("key", ["credentialSubject", "validUntil", "credentialStatus", "evidence", "proof"])
def test_credential_with_a_field_removed_fails(quick_mark, suite, key):
    document = issue(quick_mark, suite)
    del document[key]
    assert not credentials.verify_credential(document).valid


@pytest.mark.parametrize("suite", SUITES)
def test_credential_with_a_field_added_fails(certified, suite):
    document = issue(certified, suite)
    document["credentialSubject"]["extra"] = "x"
    verdict = credentials.verify_credential(document)
    assert not verdict.valid
    assert verdict.codes == (["context"] if suite == credentials.RDFC else ["tampered"])


def test_credential_with_an_unknown_context_fails_without_fetching_it(certified):
    document = credentials.issue_credential(certified)
    document["@context"].append("https://example.org/more-terms.jsonld")
    verdict = credentials.verify_credential(document)
    assert verdict.codes == ["context"]
    assert "https://example.org/more-terms.jsonld" in str(verdict.problems[0])


def test_credential_with_a_json_ld_keyword_is_refused(certified):
    document = credentials.issue_credential(certified)
    document["credentialSubject"]["@included"] = []
    assert credentials.verify_credential(document).codes == ["context"]


@pytest.mark.parametrize("suite", SUITES)
def test_credential_signed_by_another_key_fails(certified, suite):
    document = issue(certified, suite)
    proof = document["proof"][0] if isinstance(document["proof"], list) else document["proof"]
    forged = credentials.sign(
        {k: v for k, v in document.items() if k != "proof"},
        Ed25519PrivateKey.generate(),
        verification_method=proof["verificationMethod"],
        cryptosuite=suite,
    )
    verdict = credentials.verify_credential(forged)
    assert not verdict.valid
    assert [str(p) for p in verdict.problems] == ["signature: signature does not match"]
    assert verdict.codes == ["tampered"]


def test_credential_naming_someone_elses_key_fails(certified):
    document = credentials.issue_credential(certified)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    forged = credentials.sign(
        unsecured,
        Ed25519PrivateKey.generate(),
        verification_method="did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5",
    )
    assert credentials.verify_credential(forged).codes == ["unknown_key"]


@pytest.mark.parametrize("suite", SUITES)
def test_credential_expired_fails_on_dates(certified, suite):
    document = issue(certified, suite)
    with time_machine.travel(timezone.now() + timedelta(days=367)):
        verdict = credentials.verify_credential(document)
    assert verdict.signature
    assert not verdict.dates
    assert [str(p) for p in verdict.problems] == ["dates: expired"]
    assert not verdict.valid


def test_credential_before_valid_from_fails_on_dates(certified):
    document = credentials.issue_credential(certified)
    verdict = credentials.verify_credential(document, now=timezone.now() - timedelta(days=2))
    assert verdict.codes == ["not_yet_valid"]


@pytest.mark.parametrize("suite", SUITES)
def test_credential_of_withdrawn_mark_is_revoked_through_the_status_list(certified, operator, suite):
    document = issue(certified, suite)
    assert credentials.verify_credential(document).valid
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    verdict = credentials.verify_credential(document)
    assert verdict.signature and verdict.dates
    assert verdict.revoked
    assert [str(p) for p in verdict.problems] == ["status: revoked"]
    assert not verdict.valid
    # A credential fetched after the withdrawal says the same.
    certified.refresh_from_db()
    assert credentials.verify_credential(credentials.issue_credential(certified)).revoked


def test_no_credential_before_the_mark_is_awarded(organisation, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    assert credentials.issue_credential(cert) is None


# The status list.


def test_status_list_sets_exactly_the_withdrawn_marks(certified, make_certification, operator):
    from tests.factories import OrganisationFactory

    other = make_certification(OrganisationFactory(), S.CERTIFIED)
    credentials.issue_credential(other)
    credentials.issue_credential(certified)
    services.withdraw(certification=other, by=operator, reason="Gave it back")
    other.refresh_from_db()
    certified.refresh_from_db()
    status = credentials.status_list_credential()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status["credentialSubject"]["statusPurpose"] == "revocation"
    assert status["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert not isinstance(credentials.verify_proof(status), credentials.ProofError)
    bits = credentials.decode_bitstring(status["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072
    assert credentials.bit_is_set(bits, other.status_list_index)
    assert not credentials.bit_is_set(bits, certified.status_list_index)
    assert sum(bin(b).count("1") for b in bits) == 1


def test_status_list_is_dated_by_its_last_change_and_cached_until_then(
    certified, make_certification, operator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    credentials.issue_credential(certified)
    key_created = credentials.current_key().created.replace(microsecond=0)
    first = credentials.signed_status_list()
    assert first.document["validFrom"] == credentials.format_datetime(key_created)
    assert first.document["proof"][0]["created"] == first.document["validFrom"]
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        with CaptureQueriesContext(connection) as queries:
            again = credentials.signed_status_list()
        assert again.text == first.text  # same bytes, not re-signed
        assert len(queries) == 2  # what changed (one aggregate) and the current key
        services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
        certified.refresh_from_db()
        changed = credentials.signed_status_list()
    assert changed.etag != first.etag
    assert changed.document["validFrom"] == credentials.format_datetime(certified.withdrawn_at)
    other = make_certification(OrganisationFactory(), S.CERTIFIED)
    credentials.issue_credential(other)  # a new mark does not change the list
    assert credentials.signed_status_list().text == changed.text


def test_status_index_is_random_unique_and_stable_across_renewal(certified, operator, make_certification):
    from tests.certification.conftest import tick_all
    from tests.factories import OrganisationFactory

    before = credentials.issue_credential(certified)["credentialStatus"]["statusListIndex"]
    certified.refresh_from_db()
    assert int(before) == certified.status_list_index
    cert = services.start_follow_up(certification=certified, by=operator, date=timezone.localdate())
    tick_all(cert)
    cert = services.renew(certification=cert, decided_by=operator)
    after = credentials.issue_credential(cert)
    assert after["credentialStatus"]["statusListIndex"] == before
    assert after["id"].endswith("#1")  # today still lies in the first period
    others = [make_certification(OrganisationFactory(), S.CERTIFIED) for _ in range(4)]
    indexes = [int(credentials.issue_credential(o)["credentialStatus"]["statusListIndex"]) for o in others]
    assert len(set(indexes + [int(before)])) == 5
    assert [o.pk for o in others] != indexes  # not the primary key
    assert all(0 <= i < credentials.MIN_STATUS_LIST_BITS for i in indexes)


def test_a_taken_random_place_is_drawn_again(certified, make_certification, monkeypatch):
    from balanse.certification.credentials import documents
    from tests.factories import OrganisationFactory

    other = make_certification(OrganisationFactory(), S.CERTIFIED)
    draws = iter([42, 42, 99])
    monkeypatch.setattr(documents.secrets, "randbelow", lambda n: next(draws))
    assert credentials.status_index(certified) == 42
    assert credentials.status_index(other) == 99


def test_marks_issued_before_keep_their_index(certified):
    """The migration gives every mark that has a certificate number its primary key, as before."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "balanse.certification.migrations.0002_credential_keys_and_status_index"
    )
    Certification.objects.filter(pk=certified.pk).update(status_list_index=None)
    migration.keep_existing_indexes(apps, None)
    certified.refresh_from_db()
    assert certified.status_list_index == certified.pk
    assert credentials.issue_credential(certified)["credentialStatus"]["statusListIndex"] == str(certified.pk)


# The issuer profile.


def test_issuer_profile_lists_the_public_key_as_multikey(db):
    profile = credentials.issuer_profile()
    assert profile["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/cid/v1",
    ]
    assert profile["id"] == "https://balanse.test/merket/utsteder/"
    assert profile["type"] == ["Profile"]
    assert profile["name"] == "Balansekunst"
    [method] = profile["verificationMethod"]
    assert method["type"] == "Multikey"
    assert method["id"] == "https://balanse.test/merket/utsteder/#key-1"
    assert method["controller"] == profile["id"]
    assert method["publicKeyMultibase"] == credentials.public_key_multibase(
        credentials.signing_key()[1].public_key()
    )
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert profile["assertionMethod"] == [method["id"]]


# The command.


def _write(tmp_path, document) -> str:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("suite", SUITES)
def test_verify_credential_command_accepts_a_valid_credential(certified, tmp_path, capsys, suite):
    call_command("verify_credential", _write(tmp_path, issue(certified, suite)))
    out = capsys.readouterr().out
    assert "GYLDIG / VALID" in out
    assert f"Signatur / signature: OK ({suite}, key-1)" in out


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


def test_proof_with_two_entries_is_refused(certified):
    document = credentials.issue_credential(certified)
    document["proof"] = document["proof"] * 2
    with pytest.raises(proofs.ProofError, match="exactly one proof"):
        proofs.select_proof(document)
    assert not credentials.verify_credential(document).valid


def test_only_one_key_signs_at_a_time(db):
    from django.db import IntegrityError, transaction

    credentials.current_key()
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialKey.objects.create(
            key_id="key-9", public_key_multibase="zX", file_name="x.pem", current=True
        )


def test_verification_cost_is_bounded_before_json_ld_processing(quick_mark):
    document = credentials.issue_credential(quick_mark)
    document["evidence"] = [
        {"id": f"https://evidence.example/{i}", "type": ["Evidence"], "name": "n"} for i in range(200)
    ]
    assert credentials.verify_credential(document).codes == ["context"]
    document = credentials.issue_credential(quick_mark)
    document["credentialSubject"]["identifier"] *= 5  # look-alike blank nodes cost factorial time to order
    assert credentials.verify_credential(document).codes == ["context"]
