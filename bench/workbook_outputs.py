"""Benchmark: the workbook's pages and the plan outputs (HTML, PDF, Word) for a filled-in workbook.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/workbook_outputs.py [--rounds 10]

Builds a throw-away SQLite database, one organisation with a complete workbook (40 rules, 15 versions of the
rules), and prints milliseconds per request (Django test client, no network) with the ratio against a
trivial view (/healthz) measured in the same run. (Query counts are asserted in
tests/workbook/test_query_counts.py.)
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_ENV", "test")
_tmp = tempfile.mkdtemp(prefix="balanse-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def timed(client: Client, url: str, rounds: int) -> float:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    start = time.perf_counter()
    for _ in range(rounds):
        client.get(url)
    return (time.perf_counter() - start) / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    call_command("migrate", verbosity=0)
    call_command("load_content", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from balanse.certification import services as cert_services
    from balanse.workbook import services
    from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin
    from tests.workbook.conftest import fill_workbook

    operator = OperatorFactory()
    organisation = OrganisationFactory(name="Benkteateret")
    admin = make_org_admin(organisation)
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 1, 5), facilitator="B", place="O"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator)
    workbook = services.start_workbook(certification=cert, by=admin)
    fill_workbook(workbook, by=admin)
    for n in range(40):
        services.add_rule(
            workbook=workbook,
            text=f"Regel {n}: vi behandler hverandre med respekt.",
            factors=["alcohol"],
            by=admin,
        )

    client = Client()
    client.force_login(admin)
    baseline = timed(client, "/healthz", rounds * 5)
    print(f"baseline /healthz: {baseline:.1f} ms")
    for path in ["", "regler/", "kartlegging/", "regler/historikk/", "plan/", "plan.docx", "plan.pdf"]:
        ms = timed(client, f"/tiltak/{workbook.pk}/{path}", rounds)
        print(f"/tiltak/<pk>/{path:<20} {ms:8.1f} ms  ({ms / baseline:6.1f}× baseline)")


if __name__ == "__main__":
    main()
