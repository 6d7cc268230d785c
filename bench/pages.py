"""Benchmark: every page a person reaches, as each role, with the demo data (issue 19).

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/pages.py [--rounds 20] [--role operator] [--budget-only]

Builds a throw-away SQLite database (bench/harness.py), loads the demo (`load_demo`, as `make demo` does) and
adds a learner and a plain member to the demo organisation. Then, for each role (the public, an organisation
admin, a member, a learner, the operator), it crawls the site like a person clicking: every same-site link of
every HTML page it reaches, one page per URL pattern (so 105 organisation pages count once). For each page it
prints the median milliseconds in-process (Django test client, warm, --rounds requests) and the query count,
with the ratio to /healthz measured in the same run, and marks pages over the budget (8 ms, 12 queries).

--budget-only prints only the pages over the query budget (the same crawl the test suite's budget test uses).
"""

import argparse
import statistics
import time

from django.core.management import call_command
from django.test import Client
from harness import fresh_database

from tests.crawl import count_queries, crawl, demo_people

MS_BUDGET = 8.0
QUERY_BUDGET = 12


def median_ms(client: Client, url: str, rounds: int) -> float:
    client.get(url)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--role", action="append", help="only these roles (repeatable)")
    parser.add_argument("--budget-only", action="store_true")
    args = parser.parse_args()
    fresh_database()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    people = demo_people()
    healthz = median_ms(Client(), "/healthz", args.rounds)
    print(f"/healthz: {healthz:.2f} ms (baseline of this run)")
    over = 0
    for role, user in people.items():
        if args.role and role not in args.role:
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        pages = crawl(client)
        print(f"\n## {role}: {len(pages)} pages")
        print(f"{'page':58} {'ms':>7} {'× /healthz':>10} {'queries':>7}")
        for name, url in sorted(pages.items()):
            queries = count_queries(client, url)
            if args.budget_only:
                if queries > QUERY_BUDGET:
                    over += 1
                    print(f"{url[:58]:58} {'':>7} {'':>10} {queries:7}  ✗ ({name})")
                continue
            ms = median_ms(client, url, args.rounds)
            flag = " ✗" if ms > MS_BUDGET or queries > QUERY_BUDGET else ""
            over += bool(flag)
            print(f"{url[:58]:58} {ms:7.2f} {ms / healthz:10.1f} {queries:7}{flag}")
    print(f"\n{over} page(s) over the budget ({MS_BUDGET} ms, {QUERY_BUDGET} queries)")


if __name__ == "__main__":
    main()
