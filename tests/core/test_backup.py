"""manage.py backup / restore: the round trip with the demo, and archives that must change nothing."""

import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from balanse.certification import credentials
from balanse.certification.models import Certification, CredentialKey
from balanse.core import stamps
from balanse.core.backup import crypto
from tests.certification.proof import independent
from tests.factories import OperatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "korrekt hest batteri stift"


@pytest.fixture(autouse=True)
def _keys_and_passphrase(tmp_path, settings, monkeypatch):
    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer-ed25519.pem"
    settings.SITE_URL = "https://balanse.test"
    monkeypatch.setenv("BACKUP_PASSPHRASE", PASSPHRASE)
    credentials.clear_cache()
    yield
    credentials.clear_cache()


def tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            return sorted(row[0] for row in cursor.fetchall())
    return sorted(connection.introspection.table_names())


def snapshot() -> dict[str, list]:
    """Every row of every table, in a stable order (but the write stamp, which a restore renews)."""
    result = {}
    with connection.cursor() as cursor:
        for table in tables():
            if table == stamps.STAMP_TABLE:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
            result[table] = sorted(rows, key=repr)
    return result


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def drop_everything() -> None:
    """Make the database a freshly created, empty one (no tables at all)."""
    names = tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE " + ", ".join(f'"{name}"' for name in names) + " CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for name in names:
                cursor.execute(f'DROP TABLE "{name}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert tables() == []


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *[str(a) for a in args], stdout=out)
    return out.getvalue()


def some_data() -> None:
    OperatorFactory()
    OrganisationFactory(name="Teater Før")
    default_storage.save("course/videos/intro.mp4", ContentFile(b"\x00video" * 1000))
    credentials.current_key()  # makes the key file


def test_round_trip_of_the_demo_into_a_fresh_site(tmp_path, settings):
    run("load_demo")
    default_storage.save("course/videos/første steg.mp4", ContentFile(os.urandom(300_000)))
    default_storage.save(
        "course/captions/første steg.vtt", ContentFile("WEBVTT\n\n00:00.000 --> 00:01.000\nHei")
    )
    mark = next(c for c in Certification.objects.all() if c.has_valid_mark)
    credential = credentials.issue_credential(mark)
    credentials.rotate_key(compromised=False)  # two keys: the old one must still verify after the restore
    before_rows, before_media = snapshot(), files_under(Path(settings.MEDIA_ROOT))
    stamp_at_backup = stamps.stamp()
    before_keys = files_under(Path(settings.CREDENTIAL_KEY_PATH).parent)
    assert len(before_keys) == 2 and len(before_media) == 2
    archive = tmp_path / "backup" / "balanse.backup"
    archive.parent.mkdir()

    output = run("backup", archive)

    assert "2 opplastede filer, 2 signeringsnøkler" in output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert b"BM-20" not in archive.read_bytes()  # encrypted: no certificate number in the clear

    drop_everything()
    settings.MEDIA_ROOT = tmp_path / "fresh" / "media"
    settings.CREDENTIAL_KEY_PATH = tmp_path / "fresh" / "keys" / "issuer-ed25519.pem"
    credentials.clear_cache()

    output = run("restore", archive)

    assert "Gjenopprettet" in output
    after = snapshot()
    assert after.keys() == before_rows.keys()
    for table, rows in before_rows.items():
        assert after[table] == rows, table
    assert files_under(Path(settings.MEDIA_ROOT)) == before_media
    key_folder = Path(settings.CREDENTIAL_KEY_PATH).parent
    assert files_under(key_folder) == before_keys
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in key_folder.iterdir())
    # The credential issued before the backup verifies after the restore, by the site and independently.
    assert credentials.verify_credential(credential).valid
    old_key = CredentialKey.objects.get(key_id=credential["proof"][0]["verificationMethod"].split("#")[-1])
    independent.verify(credential, old_key.public_key_multibase)
    # The restored current key signs new credentials.
    assert credentials.verify_credential(credentials.issue_credential(mark)).valid
    # The registers' triggers are back, and the stamp is new: nothing kept before counts for these registers.
    assert stamps.install_triggers() == []
    assert stamps.stamp() not in (None, stamp_at_backup)


@pytest.fixture
def backup_file(tmp_path):
    some_data()
    archive = tmp_path / "site.backup"
    run("backup", archive)
    return archive


def refused(archive, *args) -> str:
    rows = snapshot()
    media = files_under(Path(default_storage.location))
    with pytest.raises(CommandError) as error:
        run("restore", archive, *args)
    assert snapshot() == rows
    assert files_under(Path(default_storage.location)) == media
    return str(error.value)


def test_restore_over_data_refuses_and_says_what_would_be_replaced(backup_file):
    message = refused(backup_file)
    assert "Nettstedet har allerede data: 1 brukere" in message
    assert "1 opplastede filer, 1 signeringsnøkler" in message
    assert "--replace" in message and "Ingenting er endret" in message


def test_restore_with_replace_puts_the_backup_back(backup_file, tmp_path):
    rows = snapshot()
    OrganisationFactory(name="Teater Etter")
    default_storage.save("added-after.txt", ContentFile(b"later"))
    run("restore", backup_file, "--replace")
    assert snapshot() == rows
    assert not default_storage.exists("added-after.txt")
    assert default_storage.exists("course/videos/intro.mp4")


def test_wrong_passphrase(backup_file, monkeypatch):
    monkeypatch.setenv("BACKUP_PASSPHRASE", "en helt annen setning")
    assert "Feil passord" in refused(backup_file, "--replace")


def test_missing_passphrase(backup_file, monkeypatch):
    monkeypatch.delenv("BACKUP_PASSPHRASE")
    assert "BACKUP_PASSPHRASE" in refused(backup_file, "--replace")


def test_truncated_file(backup_file):
    data = backup_file.read_bytes()
    for cut in (len(data) - 10, len(data) // 2, 40):
        backup_file.write_bytes(data[:cut])
        assert "avkortet" in refused(backup_file, "--replace")


def test_damaged_file(backup_file):
    data = bytearray(backup_file.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup_file.write_bytes(bytes(data))
    assert "skadet" in refused(backup_file, "--replace")


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 a zip file", b"-- PostgreSQL database dump\n" * 10])
def test_foreign_file(tmp_path, content):
    some_data()
    foreign = tmp_path / "foreign.bin"
    foreign.write_bytes(content)
    assert "ikke en sikkerhetskopi fra Balanse" in refused(foreign, "--replace")


def test_missing_file(tmp_path):
    assert "Kan ikke åpne" in refused(tmp_path / "nowhere.backup")


def test_archive_from_a_newer_schema(tmp_path):
    some_data()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('core', '9999_from_the_future', %s)",
            ["2030-01-01 00:00:00+00:00"],
        )
    archive = tmp_path / "newer.backup"
    run("backup", archive)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    message = refused(archive, "--replace")
    assert "nyere versjon av Balanse" in message and "core.9999_from_the_future" in message


def test_archive_of_a_newer_format(backup_file):
    data = bytearray(backup_file.read_bytes())
    data[15] = 2  # the format byte after the magic
    backup_file.write_bytes(bytes(data))
    assert "nyere format" in refused(backup_file, "--replace")


def test_short_passphrase_refused_for_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKUP_PASSPHRASE", "kort")
    with pytest.raises(CommandError, match="minst 12 tegn"):
        run("backup", tmp_path / "x.backup")
    assert not (tmp_path / "x.backup").exists()


def test_envelope_round_trip_in_many_chunks(monkeypatch):
    import io

    monkeypatch.setattr(crypto, "CHUNK", 1000)
    raw = io.BytesIO()
    writer = crypto.EncryptingWriter(raw, PASSPHRASE)
    data = os.urandom(10_500)
    writer.write(data[:333])
    writer.write(data[333:])
    writer.close()
    reader = crypto.DecryptingReader(io.BytesIO(raw.getvalue()), PASSPHRASE)
    assert b"".join(iter(lambda: reader.read(777), b"")) == data
