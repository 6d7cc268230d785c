"""The database part of a backup: SQLite through its online backup API, PostgreSQL through pg_dump.

Both are consistent while the site runs (SQLite's backup API copies one snapshot; pg_dump reads in one
repeatable-read transaction). A restore replaces the whole database in one transaction, or changes nothing.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

from balanse.core import stamps
from balanse.core.backup.crypto import BackupFormatError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
FILE_NAMES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}


def vendor() -> str:
    if connection.vendor not in FILE_NAMES:
        raise BackupFormatError(f"Sikkerhetskopi støttes for SQLite og PostgreSQL, ikke {connection.vendor}.")
    return connection.vendor


def _pg_command(program: str) -> tuple[list[str], dict]:
    """`program` (pg_dump, psql, pg_restore) with the site's connection settings, as Django's dbshell has them."""
    if shutil.which(program) is None:
        raise BackupFormatError(
            f"Finner ikke {program}. Installer PostgreSQL-klienten (Debian: apt-get install postgresql-client) "
            "i samme hovedversjon som tjeneren."
        )
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    database = args.pop()  # psql's last argument is the database name
    return [program, *args[1:], f"--dbname={database}"], {**os.environ, **(env or {})}


def _run(command: list[str], env: dict, *, stdin=None, stdout=None) -> None:
    result = subprocess.run(  # noqa: S603 - fixed program names, no shell
        command, env=env, stdin=stdin, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise BackupFormatError(f"{command[0]} feilet: {' '.join(message[-3:])}")


def dump(target: Path) -> None:
    """Write a consistent copy of the database to `target`."""
    if vendor() == SQLITE:
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return
    command, env = _pg_command("pg_dump")
    _run([*command, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], env)


def restore(source: Path) -> None:
    """Replace the database with the one in `source` (same vendor), in one transaction."""
    if vendor() == SQLITE:
        with sqlite3.connect(source) as original:
            if original.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupFormatError("Databasen i sikkerhetskopien er skadet.")
            connection.ensure_connection()
            original.backup(connection.connection)
        original.close()
        connections.close_all()
        return
    drop = "".join(f'DROP TABLE IF EXISTS "{name}" CASCADE;\n' for name in list_tables())
    drop += f"DROP FUNCTION IF EXISTS {stamps.POSTGRES_FUNCTION} CASCADE;\n"  # the dump makes it again
    connections.close_all()
    restore_command, env = _pg_command("pg_restore")
    psql, _env = _pg_command("psql")
    preamble, script = source.with_suffix(".drop.sql"), source.with_suffix(".sql")
    preamble.write_text(drop)
    # pg_restore turns the archive into SQL (a file: psql must never commit half of it); psql runs the
    # drops and that SQL in one transaction, so an error leaves the database as it was.
    _run([restore_command[0], "--no-owner", "--no-privileges", f"--file={script}", str(source)], env)
    command = [*psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"]
    result = subprocess.run(  # noqa: S603
        [*command, "-f", str(preamble), "-f", str(script)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    preamble.unlink()
    script.unlink()
    if result.returncode != 0:
        raise BackupFormatError(
            "Databasen kunne ikke gjenopprettes, ingenting er endret: "
            + " ".join(result.stderr.decode(errors="replace").strip().splitlines()[-3:])
        )


def list_tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == POSTGRESQL:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            return sorted(row[0] for row in cursor.fetchall())
    return sorted(connection.introspection.table_names())
