"""Backup and restore of the whole site: one encrypted archive with the database, uploaded files and keys.

`create_backup(path, passphrase=...)` writes a gzip'd tar inside the encrypted envelope of `crypto`:
``database.sqlite3`` or ``database.pgdump`` (see `database`), ``media/…`` (MEDIA_ROOT), ``keys/…`` (the
credential signing keys next to CREDENTIAL_KEY_PATH) and, last, ``manifest.json`` (format, date, database
vendor, applied migrations, the size and SHA-256 of every file).

`restore_backup(path, passphrase=..., replace=False)` decrypts and unpacks the whole archive into a staging
folder and checks every file against the manifest and the schema against the code before it changes
anything; a site that has data is only replaced with ``replace=True``.
"""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from balanse.core import stamps
from balanse.core.backup import database
from balanse.core.backup.crypto import (
    MIN_PASSPHRASE,
    BackupFormatError,
    DecryptingReader,
    EncryptingWriter,
)

FORMAT = 1
MANIFEST = "manifest.json"
PASSPHRASE_VARIABLE = "BACKUP_PASSPHRASE"  # noqa: S105 - the name of the variable

__all__ = [
    "BackupFormatError",
    "PartialRestore",
    "RestoreRefused",
    "create_backup",
    "passphrase_from_env",
    "restore_backup",
    "site_contents",
]


class PartialRestore(Exception):
    """The database was restored but the files could not be put in place (message says what to do)."""


class RestoreRefused(Exception):
    """The site has data and the restore was not told to replace it."""

    def __init__(self, contents: "Contents", manifest: dict):
        self.contents, self.manifest = contents, manifest
        super().__init__(
            f"Nettstedet har allerede data: {contents.describe()}. Alt dette blir erstattet av "
            f"sikkerhetskopien fra {manifest['created']}. Kjør igjen med --replace for å erstatte det."
        )


@dataclass
class Contents:
    users: int = 0
    rows: int = 0
    tables: int = 0
    media_files: int = 0
    key_files: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.users or self.media_files or self.key_files)

    def describe(self) -> str:
        return (
            f"{self.users} brukere, {self.rows} rader i {self.tables} tabeller, "
            f"{self.media_files} opplastede filer, {self.key_files} signeringsnøkler"
        )


@dataclass
class Result:
    path: Path
    manifest: dict
    migrated: list[str] = field(default_factory=list)

    @property
    def files(self) -> dict:
        return self.manifest["files"]

    def count(self, folder: str) -> int:
        return sum(1 for name in self.files if name.startswith(folder + "/"))


def passphrase_from_env() -> str:
    passphrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    if not passphrase:
        raise BackupFormatError(
            f"Sett miljøvariabelen {PASSPHRASE_VARIABLE} til passordet for sikkerhetskopiene "
            f"(minst {MIN_PASSPHRASE} tegn). Oppbevar det utenfor maskinen: uten det kan ingen kopi leses."
        )
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupFormatError(f"{PASSPHRASE_VARIABLE} må ha minst {MIN_PASSPHRASE} tegn.")
    return passphrase


# What is backed up.


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def key_dir() -> Path:
    return Path(settings.CREDENTIAL_KEY_PATH).parent


def key_files() -> list[Path]:
    """The signing keys: the first at CREDENTIAL_KEY_PATH, rotated ones next to it (``<stem>-key-<n>.pem``)."""
    base = Path(settings.CREDENTIAL_KEY_PATH)
    if not key_dir().is_dir():
        return []
    return sorted(
        path
        for path in key_dir().iterdir()
        if path.is_file() and (path.name == base.name or path.name.startswith(f"{base.stem}-key-"))
    )


def media_files() -> list[Path]:
    root = media_root()
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def site_contents() -> Contents:
    tables = database.list_tables()
    rows, with_rows = 0, 0
    with connection.cursor() as cursor:
        for table in tables:
            if table in ("django_migrations", "django_content_type", "auth_permission"):
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            count = cursor.fetchone()[0]
            rows += count
            with_rows += bool(count)
    users = get_user_model().objects.count() if get_user_model()._meta.db_table in tables else 0
    return Contents(
        users=users, rows=rows, tables=with_rows, media_files=len(media_files()), key_files=len(key_files())
    )


# Writing.


class _Hashing:
    """Reads a file for tarfile while hashing it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str, files: dict) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        hashing = _Hashing(handle)
        archive.addfile(info, hashing)
    files[name] = {"size": info.size, "sha256": hashing.digest.hexdigest()}


def create_backup(path: Path, *, passphrase: str) -> Result:
    """Write the archive to `path` (mode 0600; through a temporary name, so `path` is never half written)."""
    path = Path(path).resolve()
    vendor = database.vendor()
    partial = path.with_name(f".{path.name}.partial")
    manifest = {
        "format": FORMAT,
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "site": settings.SITE_NAME,
        "database": vendor,
        "migrations": applied_migrations(),
        "files": {},
    }
    files = manifest["files"]
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        dump = Path(work) / database.FILE_NAMES[vendor]
        database.dump(dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                writer = EncryptingWriter(raw, passphrase)
                with tarfile.open(fileobj=writer, mode="w|gz") as archive:
                    _add(archive, dump, dump.name, files)
                    for file in media_files():
                        _add(archive, file, "media/" + file.relative_to(media_root()).as_posix(), files)
                    for file in key_files():
                        _add(archive, file, "keys/" + file.name, files)
                    text = json.dumps(manifest, indent=1).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime = len(text), int(timezone.now().timestamp())
                    archive.addfile(info, _Bytes(text))
                writer.close()
                raw.flush()
                os.fsync(raw.fileno())
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return Result(path=path, manifest=manifest)


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


# Reading and restoring.


def read_backup(path: Path, *, passphrase: str, into: Path) -> dict:
    """Decrypt and unpack the archive into the folder `into`, check every file; return its manifest."""
    try:
        raw = Path(path).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise BackupFormatError(f"Kan ikke åpne {path}: {exc.strerror}.") from exc
    with raw:
        reader = DecryptingReader(raw, passphrase)
        try:
            with tarfile.open(fileobj=reader, mode="r|gz") as archive:
                for member in archive:
                    if not (member.isfile() or member.isdir()):
                        raise BackupFormatError(f"Sikkerhetskopien har en uventet oppføring: {member.name}.")
                    archive.extract(member, into, filter="data")
        except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
            raise BackupFormatError(f"Sikkerhetskopien kan ikke pakkes ut: {exc}.") from exc
        reader.read_to_end()
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupFormatError(
            "Sikkerhetskopien mangler innholdslisten (manifest.json): den er ufullstendig."
        )
    try:
        manifest = json.loads(manifest_path.read_text())
        manifest["files"], manifest["migrations"], manifest["database"], manifest["created"]  # noqa: B018
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupFormatError("Innholdslisten i sikkerhetskopien er skadet.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupFormatError(
            "Sikkerhetskopien har et nyere format enn denne versjonen av Balanse kan lese. Oppdater først."
        )
    found = {
        file.relative_to(into).as_posix()
        for file in into.rglob("*")
        if file.is_file() and file.name != MANIFEST
    }
    if found != set(manifest["files"]):
        raise BackupFormatError("Filene i sikkerhetskopien stemmer ikke med innholdslisten.")
    for name, expected in manifest["files"].items():
        digest = hashlib.sha256()
        with (into / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        if digest.hexdigest() != expected["sha256"]:
            raise BackupFormatError(f"Filen {name} i sikkerhetskopien er skadet.")
    return manifest


def newer_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's database has that this code does not know (an archive from a newer version)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def check_compatible(manifest: dict) -> None:
    vendor = database.vendor()
    if manifest["database"] != vendor:
        raise BackupFormatError(
            f"Sikkerhetskopien er tatt av en {manifest['database']}-database; dette nettstedet bruker {vendor}."
        )
    if database.FILE_NAMES[vendor] not in manifest["files"]:
        raise BackupFormatError("Sikkerhetskopien mangler databasen.")
    newer = newer_migrations(manifest)
    if newer:
        raise BackupFormatError(
            "Sikkerhetskopien er fra en nyere versjon av Balanse (databaseskjemaet har "
            f"{', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}). Oppdater koden først, og gjenopprett så."
        )


def _replace_folder(target: Path, new: Path) -> None:
    """Put the folder `new` where `target` is, removing what was there."""
    old = target.with_name(f".{target.name}.replaced")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(new), str(target))
    shutil.rmtree(old, ignore_errors=True)


def _replace_keys(staged: Path) -> None:
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for old in key_files():
        old.unlink()
    if staged.is_dir():
        for file in staged.iterdir():
            target = folder / file.name
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(file.read_bytes())
            os.chmod(target, 0o600)


def restore_backup(path: Path, *, passphrase: str, replace: bool = False) -> Result:
    """Rebuild the site from the archive at `path`. Checks everything first; refuses over data unless `replace`."""
    parent = media_root().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".restore-") as work:
        staged = Path(work)
        manifest = read_backup(path, passphrase=passphrase, into=staged)
        check_compatible(manifest)
        contents = site_contents()
        if contents.has_data and not replace:
            raise RestoreRefused(contents, manifest)
        database.restore(staged / database.FILE_NAMES[manifest["database"]])
        media = staged / "media"
        media.mkdir(exist_ok=True)
        try:
            _replace_folder(media_root(), media)
            _replace_keys(staged / "keys")
        except OSError as exc:
            raise PartialRestore(
                f"Databasen er gjenopprettet, men filene kunne ikke legges på plass ({exc}). Rett feilen "
                f"(plass, tilgang til {media_root()} og {key_dir()}) og kjør restore --replace på nytt."
            ) from exc
    result = Result(path=Path(path), manifest=manifest)
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    pending = [key for key in loader.graph.leaf_nodes() if key not in loader.applied_migrations]
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
        result.migrated = [f"{app}.{name}" for app, name in pending]
    stamps.renew()  # the figures kept from the registers before the restore are not these registers'
    return result
