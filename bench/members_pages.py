"""Benchmark: the member register's operator pages as the register grows.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/members_pages.py [--rounds 20]

Builds a throw-away SQLite database in a temporary folder, fills it with 50, 500 and 2000 member
organisations (each with a fee for 2020: a paid tier, an unpaid claim or a special agreement), and prints
milliseconds per request and the number of queries for each page (Django test client, no network), with the
ratio against a trivial view (/healthz) measured in the same run. (Equal query counts at 50 and 500 members are
asserted in tests/members/test_query_counts.py.)
"""

import argparse

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from harness import fresh_database, timed_get

PAGES = [
    ("member list", "/drift/medlemmer/?ar=2020"),
    ("member list, filtered", "/drift/medlemmer/?ar=2020&fee=unpaid&field=music&municipality=Oslo"),
    ("member list, last page", "/drift/medlemmer/?ar=2020&side=40"),
    ("member export (CSV)", "/drift/medlemmer/eksport/?ar=2020&format=csv"),
    ("fee year", "/drift/medlemmer/kontingent/?ar=2020"),
    ("collaboration", "/drift/medlemmer/samarbeid/?ar=2020"),
]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    fresh_database()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from balanse.core.models import User
    from tests.members.test_query_counts import make_members

    operator = User.objects.create_user(email="bench@balansekunst.example", is_staff=True)
    TOTP.activate(operator, generate_totp_secret())
    staff, public = Client(), Client()
    staff.force_login(operator)
    made = 0
    print(f"{'members':>7} {'page':<26} {'ms/request':>10} {'queries':>7} {'× healthz':>9}")
    for total in (50, 500, 2000):
        make_members(total - made, start=made)
        made = total
        base = timed_get(public, "/healthz", args.rounds)
        for name, url in PAGES:
            ms = timed_get(staff, url, args.rounds)
            print(f"{total:>7} {name:<26} {ms:>10.1f} {queries(staff, url):>7} {ms / base:>9.0f}")
        print(f"{total:>7} {'healthz (baseline)':<26} {base:>10.2f} {'':>7} {1:>9}")


if __name__ == "__main__":
    main()
