"""Notes are encrypted at rest with envelope encryption: a database dump (the SQLite file, `pg_dump`) holds no
readable note; a lost or wrong key file gives a clear message, never a crash or a new key; every opening is
audited without content; retention deletes notes and keeps the counts."""

import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from balanse.advisory import crypto, queries, services
from balanse.advisory.models import Inquiry
from balanse.core.models import AuditEntry

CANARY = "KANARIFUGL-7f3a9c-Ola-Nordmann-99887766"
FACTS = {
    "date": date(2020, 5, 4),
    "channel": "telefon",
    "topic": "seksuell trakassering",
    "caller_role": "frilanser",
}


def test_notes_round_trip_and_the_key_file_is_made_once_with_mode_0600(db, settings, adviser):
    assert not settings.ADVISORY_KEY_PATH.exists()
    inquiry = services.log_inquiry(data=FACTS, notes=CANARY, by=adviser)
    mode = stat.S_IMODE(os.stat(settings.ADVISORY_KEY_PATH).st_mode)
    assert mode == 0o600
    key_before = settings.ADVISORY_KEY_PATH.read_bytes()
    other = services.log_inquiry(data=FACTS, notes="Annet notat", by=adviser)
    assert settings.ADVISORY_KEY_PATH.read_bytes() == key_before
    assert bytes(inquiry.notes_key) != bytes(other.notes_key)  # a data key per inquiry
    assert CANARY.encode() not in bytes(inquiry.notes_ciphertext)
    assert services.open_inquiry(inquiry=Inquiry.objects.get(pk=inquiry.pk), by=adviser) == CANARY
    # Notes moved to another inquiry's row do not decrypt (the uid is bound in).
    other.notes_ciphertext, other.notes_key = inquiry.notes_ciphertext, inquiry.notes_key
    with pytest.raises(crypto.NotesKeyError):
        services.open_inquiry(inquiry=other, by=adviser)


@pytest.mark.django_db(transaction=True)
def test_the_database_file_and_pg_dump_hold_no_readable_note(settings, tmp_path, adviser):
    services.log_inquiry(data=FACTS, notes=CANARY, by=adviser)
    visible = services.log_inquiry(data={**FACTS, "ref": "SYNLIG-KONTROLL-123"}, notes="", by=adviser)
    assert visible.ref
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        name = connection.settings_dict["NAME"]
        raw = b"".join(Path(path).read_bytes() for path in (name, f"{name}-wal") if os.path.exists(path))
        copy = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        dump = "\n".join(target.iterdump()).encode()
        target.close()
        dumps = [raw, copy.read_bytes(), dump]
    else:
        if not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        command = ["pg_dump", "-h", db.get("HOST") or "127.0.0.1", "-U", db.get("USER") or "postgres"]
        if db.get("PORT"):
            command += ["-p", str(db["PORT"])]
        dumps = [subprocess.run([*command, db["NAME"]], capture_output=True, check=True, env=env).stdout]
    for dump in dumps:
        assert b"SYNLIG-KONTROLL-123" in dump  # the dump is complete: a plain field is there
        assert CANARY.encode() not in dump
        assert CANARY.encode("utf-16-le") not in dump


def test_a_lost_key_file_gives_a_clear_message_and_no_new_key(db, settings, adviser, adviser_client):
    inquiry = services.log_inquiry(data=FACTS, notes=CANARY, by=adviser)
    settings.ADVISORY_KEY_PATH.unlink()
    with pytest.raises(crypto.NotesKeyError, match="mangler|missing"):
        services.open_inquiry(inquiry=inquiry, by=adviser)
    response = adviser_client.get(reverse("advisory:inquiry", args=[inquiry.pk]))
    assert response.status_code == 200
    assert "Nøkkelfilen for rådgivningsnotatene mangler" in response.content.decode()
    # Writing notes does not quietly start a new key that would orphan the old ones.
    response = adviser_client.post(
        reverse("advisory:new"), {**FACTS, "date": "2020-05-04", "notes": "Nytt notat", "help_given": []}
    )
    assert response.status_code == 400
    assert not settings.ADVISORY_KEY_PATH.exists()
    assert Inquiry.objects.count() == 1
    # The edit page works without the key, and keeps the notes as they are.
    response = adviser_client.post(
        reverse("advisory:edit", args=[inquiry.pk]), {**FACTS, "date": "2020-05-04", "follow_up": "on"}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.follow_up and inquiry.has_notes


def test_a_wrong_or_damaged_key_file_says_so(db, settings, adviser):
    inquiry = services.log_inquiry(data=FACTS, notes=CANARY, by=adviser)
    settings.ADVISORY_KEY_PATH.write_bytes(b"not a key\n")
    with pytest.raises(crypto.NotesKeyError, match="does not hold a key|inneholder ingen nøkkel"):
        services.open_inquiry(inquiry=inquiry, by=adviser)
    settings.ADVISORY_KEY_PATH.unlink()
    crypto._create(settings.ADVISORY_KEY_PATH)
    with pytest.raises(crypto.NotesKeyError, match="not the key|ikke nøkkelen"):
        services.open_inquiry(inquiry=inquiry, by=adviser)


def test_every_opening_is_audited_without_content(db, adviser, adviser_client):
    inquiry = services.log_inquiry(data=FACTS, notes=CANARY, by=adviser)
    adviser_client.get(reverse("advisory:inquiry", args=[inquiry.pk]))
    adviser_client.get(reverse("advisory:inquiry", args=[inquiry.pk]))
    opened = AuditEntry.objects.filter(action="advisory.inquiry_opened", object_id=str(inquiry.pk))
    assert opened.count() == 2
    assert {entry.actor for entry in opened} == {adviser}
    for entry in AuditEntry.objects.all():
        assert CANARY not in f"{entry.object_repr} {entry.details}"


def test_retention_deletes_old_notes_keeps_counts_and_is_idempotent(db, settings, adviser):
    settings.ADVISORY_NOTES_RETENTION_MONTHS = 24
    old = services.log_inquiry(data={**FACTS, "date": date(2020, 5, 4)}, notes="Gammelt", by=adviser)
    kept = services.log_inquiry(data={**FACTS, "date": date(2022, 5, 5)}, notes="Nytt", by=adviser)
    assert services.retention_cutoff(date(2024, 5, 5)) == date(2022, 5, 5)
    assert services.retention_cutoff(date(2024, 2, 29)) == date(2022, 2, 28)
    assert services.delete_expired_notes(today=date(2024, 5, 5)) == 1
    assert services.delete_expired_notes(today=date(2024, 5, 5)) == 0
    old.refresh_from_db()
    kept.refresh_from_db()
    assert not old.has_notes and old.notes_deleted_at and kept.has_notes
    assert queries.figures(2020, suppressed=False)["inquiries"] == 1
    out = StringIO()
    call_command("advisory_retention", stdout=out)
    assert "Deleted the notes of 1 inquiries" in out.getvalue()  # today is well past 2022 + 24 months
    call_command("advisory_retention", stdout=(again := StringIO()))
    assert "Deleted the notes of 0 inquiries" in again.getvalue()
    assert Inquiry.objects.count() == 2


def test_the_privacy_register_declares_the_notes_and_erases_only_them(db, adviser):
    from balanse.core.privacy import declarations

    declared = {d.model: d for d in declarations()}[Inquiry]
    old = services.log_inquiry(data={**FACTS, "date": date(2019, 1, 1)}, notes="Gammelt", by=adviser)
    assert list(declared.expires()) == [old]
    assert declared.erase(declared.expires()) == 1
    old.refresh_from_db()
    assert not old.has_notes and old.notes_deleted_at and Inquiry.objects.count() == 1
