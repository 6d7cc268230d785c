"""Replacing the signing key: manage.py rotate_credential_key, with and without --compromised."""

import stat

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from balanse.certification import credentials, services
from balanse.certification.models import Certification, CredentialKey
from balanse.core.models import AuditEntry
from tests.certification.proof import independent
from tests.factories import OrganisationFactory, make_org_admin

S = Certification.State


def _profile_key(profile, key_id):
    [method] = [m for m in profile["verificationMethod"] if m["id"].endswith("#" + key_id)]
    return method


def test_rotation_makes_a_new_key_sign_and_keeps_the_old_one_verifying(certified, settings):
    before = credentials.issue_credential(certified)
    rotation = credentials.rotate_key()
    assert (rotation.old_key, rotation.new_key, rotation.compromised) == ("key-1", "key-2", False)
    new_file = settings.CREDENTIAL_KEY_PATH.parent / "issuer-ed25519-key-2.pem"
    assert stat.S_IMODE(new_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.CREDENTIAL_KEY_PATH.stat().st_mode) == 0o600
    old, new = CredentialKey.objects.order_by("created", "pk")
    assert (old.current, old.retired_at is not None, old.compromised_at) == (False, True, None)
    assert (new.current, new.file_name) == (True, "issuer-ed25519-key-2.pem")
    after = credentials.issue_credential(certified)
    assert after["proof"][0]["verificationMethod"] == "https://balanse.test/merket/utsteder/#key-2"
    for document in (before, after):
        assert credentials.verify_credential(document).valid
    # A verifier that is not ours, reading the keys from the published profile, agrees.
    profile = credentials.issuer_profile()
    assert profile["assertionMethod"] == [
        "https://balanse.test/merket/utsteder/#key-1",
        "https://balanse.test/merket/utsteder/#key-2",
    ]
    independent.verify(before, _profile_key(profile, "key-1")["publicKeyMultibase"])
    independent.verify(after, _profile_key(profile, "key-2")["publicKeyMultibase"])
    assert "revoked" not in _profile_key(profile, "key-1")
    entry = AuditEntry.objects.get(action="certification.credential_key_rotated")
    assert entry.details == {"replaced": "key-1", "compromised": False}
    assert mail.outbox == []


def test_rotation_signs_the_status_list_anew(certified, operator):
    credentials.issue_credential(certified)
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    before = credentials.signed_status_list()
    credentials.rotate_key()
    after = credentials.signed_status_list()
    assert after.document["proof"][0]["verificationMethod"].endswith("#key-2")
    assert (
        after.document["credentialSubject"]["encodedList"]
        == before.document["credentialSubject"]["encodedList"]
    )
    assert after.etag != before.etag


def test_rotation_twice_numbers_the_keys_in_order(db):
    credentials.rotate_key()
    credentials.rotate_key()
    assert list(CredentialKey.objects.values_list("key_id", "current")) == [
        ("key-1", False),
        ("key-2", False),
        ("key-3", True),
    ]


def test_compromised_rotation_stops_the_old_key_and_reissues_every_valid_mark(
    certified, make_certification, operator, django_capture_on_commit_callbacks
):
    admin = make_org_admin(certified.organisation)
    before = credentials.issue_credential(certified)
    withdrawn = make_certification(OrganisationFactory(), S.CERTIFIED)
    services.withdraw(certification=withdrawn, by=operator, reason="Gave it back")
    lonely = make_certification(OrganisationFactory(name="Uten Admin"), S.CERTIFIED)

    with django_capture_on_commit_callbacks(execute=True):
        rotation = credentials.rotate_key(compromised=True, by=operator)

    assert rotation.compromised
    assert [c.pk for c in rotation.reissued] == sorted([certified.pk, lonely.pk])
    assert [c.pk for c in rotation.without_admin] == [lonely.pk]
    verdict = credentials.verify_credential(before)
    assert not verdict.valid
    assert verdict.codes == ["key_compromised"]
    assert verdict.key_id == "key-1"
    assert verdict.compromised_at == CredentialKey.objects.get(key_id="key-1").compromised_at
    assert (
        credentials.reissue_url(before)
        == f"https://balanse.test/merket/{certified.certificate_number}/bevis.json"
    )
    # The credential URL now serves the mark signed with the new key.
    reissued = credentials.issue_credential(certified)
    assert reissued["proof"][0]["verificationMethod"].endswith("#key-2")
    assert credentials.verify_credential(reissued).valid
    # The published profile tells every verifier the old key is no longer to be trusted.
    profile = credentials.issuer_profile()
    old = _profile_key(profile, "key-1")
    assert old["revoked"] == credentials.format_datetime(verdict.compromised_at)
    assert profile["assertionMethod"] == ["https://balanse.test/merket/utsteder/#key-2"]
    independent.verify(reissued, _profile_key(profile, "key-2")["publicKeyMultibase"])
    # The holder is told where to fetch the new credential, in their language.
    [message] = mail.outbox
    assert message.to == [admin.email]
    assert message.subject == "Nytt digitalt bevis for Balansemerket: Teater Ærlig & Åpen"
    link = f"https://balanse.test/merket/{certified.certificate_number}/bevis.json?last-ned=1"
    assert f"Last ned det nye beviset her:\n{link}\n" in message.body
    assert "blir ikke lenger godkjent" in message.body
    assert rotation.notified == 1
    reissued_audit = AuditEntry.objects.filter(action="certification.credential_reissued")
    assert sorted(int(e.object_id) for e in reissued_audit) == sorted([certified.pk, lonely.pk])


def test_credentials_of_a_compromised_key_fail_on_the_check_page_with_the_reason(client, certified):
    before = credentials.issue_credential(certified)
    credentials.rotate_key(compromised=True)
    import json

    response = client.post(reverse("certification:check_credential"), {"text": json.dumps(before)})
    html = response.content.decode()
    assert "Ikke gyldig." in html
    assert "kan ha kommet på avveie" in html
    assert f'href="https://balanse.test/merket/{certified.certificate_number}/bevis.json?last-ned=1"' in html


def test_rotation_command_without_compromise(certified, capsys):
    before = credentials.issue_credential(certified)
    call_command("rotate_credential_key")
    out = capsys.readouterr().out
    assert "Ny nøkkel / new key: key-2" in out
    assert "Erstattet / replaced: key-1 (verifiserer fortsatt / still verifies)" in out
    assert credentials.verify_credential(before).valid


def test_rotation_command_compromised_asks_first_and_can_be_cancelled(certified, monkeypatch):
    before = credentials.issue_credential(certified)
    monkeypatch.setattr("builtins.input", lambda prompt: "nei")
    with pytest.raises(CommandError, match="Avbrutt"):
        call_command("rotate_credential_key", compromised=True)
    assert list(CredentialKey.objects.values_list("key_id", flat=True)) == ["key-1"]
    assert credentials.verify_credential(before).valid


def test_rotation_command_compromised(certified, capsys, django_capture_on_commit_callbacks):
    admin = make_org_admin(certified.organisation)
    admin.language = "en"
    admin.save()
    before = credentials.issue_credential(certified)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_credential_key", compromised=True, interactive=False)
    out = capsys.readouterr().out
    assert "Erstattet / replaced: key-1 — KOMPROMITTERT / COMPROMISED" in out
    assert "Utstedt på nytt / re-issued: 1 merker / marks; varslet / told: 1" in out
    assert credentials.verify_credential(before).codes == ["key_compromised"]
    [message] = mail.outbox
    assert message.subject == "New digital credential for Balansemerket: Teater Ærlig & Åpen"
    assert "no longer verifies" in message.body


def test_a_second_run_does_not_e_mail_the_holders_again(certified, django_capture_on_commit_callbacks):
    from balanse.certification.credentials.rotation import notify_holders

    make_org_admin(certified.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_holders(certified, key_id="key-2")
        assert notify_holders(certified, key_id="key-2")
    assert len(mail.outbox) == 1


def test_verify_credential_command_says_why_and_where_to_fetch_a_new_one(certified, tmp_path, capsys):
    import json

    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credentials.issue_credential(certified)), encoding="utf-8")
    credentials.rotate_key(compromised=True)
    with pytest.raises(SystemExit):
        call_command("verify_credential", str(path))
    out = capsys.readouterr().out
    assert "may have been compromised" in out
    assert f"https://balanse.test/merket/{certified.certificate_number}/bevis.json" in out


def test_a_failed_rotation_leaves_no_key_file_and_changes_nothing(db, settings, monkeypatch):
    from balanse.core import audit

    credentials.current_key()

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        credentials.rotate_key()
    assert sorted(p.name for p in settings.CREDENTIAL_KEY_PATH.parent.iterdir()) == ["issuer-ed25519.pem"]
    assert list(CredentialKey.objects.values_list("key_id", "current")) == [("key-1", True)]


def test_rotation_works_when_the_old_key_file_is_lost(db, settings):
    credentials.current_key()
    settings.CREDENTIAL_KEY_PATH.unlink()
    credentials.clear_cache()
    call_command("rotate_credential_key")  # the new key does not need the old file
    assert credentials.current_key().key_id == "key-2"
