"""What the page benchmarks share: a throw-away database (SQLite) with the default content, and timing.

Import this module before anything from Django:
    from harness import fresh_database, timed_call, timed_get
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="balanse-bench-")
os.environ.setdefault("DJANGO_ENV", "test")
# BENCH_DATABASE_URL: a throw-away database of another kind (bench/pages.py --profile production makes one on
# PostgreSQL); by default a SQLite file in the temporary folder.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP}/bench.sqlite3"
os.environ["CREDENTIAL_KEY_PATH"] = f"{TMP}/issuer-ed25519.pem"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def fresh_database() -> None:
    """Migrate the throw-away database and load the default content."""
    with open(os.devnull, "w") as devnull:
        call_command("migrate", stdout=devnull)
        call_command("load_content", stdout=devnull)


def copy_database() -> tuple[str, str]:
    """A second throw-away database, a copy of the first as it is now: returns (its NAME for the settings, its
    URL for a server process). `use_database` switches between the two."""
    from django.db import connections

    connection = connections["default"]
    source = connection.settings_dict["NAME"]
    connections.close_all()
    if connection.vendor == "sqlite":
        import sqlite3

        target = f"{source}.copy"
        with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
        return target, f"sqlite:///{target}"
    connection.close_pool()  # no one connected to the database copied
    from load import copy_postgres

    url, target = copy_postgres(os.environ["BENCH_MAINTENANCE_DATABASE_URL"], source)
    return target, url


_wrappers: dict = {}  # {database NAME: its connection (Django's DatabaseWrapper)}


def use_database(name: str) -> None:
    """Serve the next requests from the database `name` (the first or `copy_database`'s): each has its own
    connection, kept open (and with PostgreSQL its own pool), which becomes Django's default connection, so a
    page may be asked of the one and then of the other request by request."""
    from django.db import connections

    current = connections["default"]
    if current.settings_dict["NAME"] == name:
        return
    _wrappers.setdefault(current.settings_dict["NAME"], current)
    wrapper = _wrappers.get(name)
    if wrapper is None:  # the copy's: the same settings but the name, and its own pool (pools go by alias)
        wrapper = _wrappers[name] = type(current)({**current.settings_dict, "NAME": name}, f"default {name}")
    connections["default"] = wrapper


def timed_call(function, rounds: int) -> float:
    """Milliseconds per call, after one warm-up call."""
    function()
    start = time.perf_counter()
    for _ in range(rounds):
        function()
    return (time.perf_counter() - start) / rounds * 1000


def timed_get(client, url: str, rounds: int) -> float:
    """Milliseconds per GET of `url` (which must answer 200)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return timed_call(lambda: client.get(url), rounds)
