"""Benchmark: the public registry and the operator dashboard of Balansemerket as organisations grow.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/certification_pages.py [--rounds 30]

Builds a throw-away SQLite database in a temporary folder, fills it with 10, 200 and 1000 organisations in
every state, and prints milliseconds per request for each page (Django test client, no network) with the
ratio against a trivial view (/healthz) measured in the same run. (Query counts are asserted in
tests/certification/test_query_counts.py.)
"""

import argparse

from django.test import Client  # noqa: E402
from harness import fresh_database, timed_get


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    fresh_database()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from balanse.core.models import User
    from tests.certification.test_query_counts import make_many

    operator = User.objects.create_user(email="bench@balansekunst.example", is_staff=True)
    TOTP.activate(operator, generate_totp_secret())
    public, staff = Client(), Client()
    staff.force_login(operator)
    made = 0
    print(f"{'organisations':>13} {'page':<28} {'ms/request':>10} {'× healthz':>9}")
    for total in (10, 200, 1000):
        make_many(total - made, start=made)
        made = total
        base = timed_get(public, "/healthz", args.rounds)
        for name, client, url in (
            ("registry", public, "/merket/"),
            ("registry, filtered", public, "/merket/?field=music&municipality=Oslo"),
            ("dashboard", staff, "/drift/merket/"),
            ("operator overview", staff, "/oversikt/"),
        ):
            ms = timed_get(client, url, args.rounds)
            print(f"{total:>13} {name:<28} {ms:>10.1f} {ms / base:>9.0f}")
        print(f"{total:>13} {'healthz (baseline)':<28} {base:>10.2f} {1:>9}")


if __name__ == "__main__":
    main()
