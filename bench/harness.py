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
