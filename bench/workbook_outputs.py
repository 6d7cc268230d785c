"""Benchmark: the workbook's pages and the plan outputs (HTML, PDF, Word) for a filled-in workbook.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/workbook_outputs.py [--rounds 10]

Builds a throw-away SQLite database, one organisation with a complete workbook (40 rules, 15 versions of the
rules), and prints milliseconds per request (Django test client, no network) with the ratio against a
trivial view (/healthz) measured in the same run. (Query counts are asserted in
tests/workbook/test_query_counts.py.)
"""

import argparse
from datetime import date

from django.test import Client  # noqa: E402
from harness import fresh_database, timed_get


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    rounds = parser.parse_args().rounds
    fresh_database()

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
    baseline = timed_get(client, "/healthz", rounds * 5)
    print(f"baseline /healthz: {baseline:.1f} ms")
    for path in ["", "regler/", "kartlegging/", "regler/historikk/", "plan/", "plan.docx", "plan.pdf"]:
        ms = timed_get(client, f"/tiltak/{workbook.pk}/{path}", rounds)
        print(f"/tiltak/<pk>/{path:<20} {ms:8.1f} ms  ({ms / baseline:6.1f}× baseline)")


if __name__ == "__main__":
    main()
