"""Benchmark: every page a person reaches, as each role, on demo-sized data and N times as much, in-process and
under many logged-in clients at once against one server process (issue 19). Run on demand (never in the test
suite), on a quiet machine:

    DJANGO_ENV=test .venv/bin/python bench/pages.py                       # in-process, demo data
    .venv/bin/python bench/pages.py --scale 10 --concurrency 20           # + ten times the data, + load
    .venv/bin/python bench/pages.py --scale 10 --page /drift/aktiviteter/  # a few pages only
    DATABASE_URL=postgres://…/postgres .venv/bin/python bench/pages.py --scale 10 --concurrency 20 \\
        --profile production

Builds a throw-away database (bench/harness.py: SQLite; with --profile production an empty PostgreSQL database
made next to DATABASE_URL's and dropped at the end), loads the demo (`load_demo`, as `make demo` does) and adds
a learner and a plain member to the demo organisation. Then, for each role (the public, an organisation admin, a
member, a learner, the operator), it crawls the site like a person clicking: every same-site link of every HTML
page it reaches, one page per URL pattern (so 105 organisation pages count once). For each page:

- in-process (Django test client, warm): the median milliseconds of --rounds requests and the query count,
  with /healthz's median in the header;
- --scale N: a copy of the demo's database is made beside it, and there every list is made N times as long
  (bench/scale.py: N times the people, history and rows of every organisation, and N − 1 copies of every
  organisation and register row); each page (the same URL) is asked of the demo's database and of the copy
  in turn, request by request, so that the machine's speed, which changes by tens of percent within a second
  here, is the same for both medians: ms and queries at ×1 and ×N side by side, their ratio, and FLAT when
  both stay within 10 %; with --control the copy is not grown, and the ratios show the measurement's own
  noise on this machine;
- --concurrency C: one server process is started the README's way for --profile (bench/load.py), and for each
  page C keep-alive clients, each with the role's cookies as a logged-in browser holds them (the session, made
  in the database as the crawl's log-in, and the CSRF cookie the log-in form gave; the public: none, a first
  visit), GET it again as soon as they have the answer, for --seconds: req/s, p50 and p99 ms, and the ratio
  to /healthz driven the same way with the same cookie just before that page (its req/s in the column
  "healthz"; the load runs on the data as it is at the end: ×N with --scale). A page answering anything but
  2xx/3xx under load is an ERROR, not a speed.

Output: one table per role (misses: the targets a page does not meet), then one line: how many pages meet each
target (bench/targets.py: ≤ 8 ms, ≤ 12 queries, flat, ≥ 100 req/s, ≥ 1/6 of /healthz, p99 < 400 ms). The load
client runs in this process on the same machine as the server, as in bench/exercise_load.py.

--budget-only prints only the pages over the query budget (the same crawl the test suite's budget test uses).
"""

import argparse
import os
import statistics
import sys
import time

from load import bench_environment, drive, server_env, start_server
from targets import FLAT, MS_BUDGET, QUERY_BUDGET, Page, flat, summary

ROLES = ("public", "admin", "member", "learner", "operator")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=60,
        help="requests per page in-process, after one to warm up; the median counts (default 60: two copies of "
        "the same data, --control, gave ratios of 0.95-1.06 for four pages in five with 20, 0.97-1.04 with 60)",
    )
    parser.add_argument("--role", action="append", choices=ROLES, help="only these roles (repeatable)")
    parser.add_argument(
        "--page",
        action="append",
        metavar="TEXT",
        help="only the crawled pages whose URL contains TEXT (repeatable; e.g. --page /drift/aktiviteter/): a "
        "quick look at a few pages, with /healthz still measured as the baseline",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="N",
        help="also measure every page with N times the data (after the demo-sized run; default 1: only that)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=0,
        metavar="C",
        help="C concurrent logged-in clients per page against one server process (issue 19: 20; "
        "default 0: no server, in-process only)",
    )
    parser.add_argument(
        "--profile",
        choices=("embedded", "production"),
        default="embedded",
        help="embedded: SQLite, `make demo`'s uvicorn, no Redis (default); production: PostgreSQL from "
        "DATABASE_URL (a throw-away database is made next to it) with its pool, DJANGO_ENV=production, "
        "Redis if REDIS_URL is set; one process either way",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=3.0,
        help="how long each page (and /healthz) is driven under load (default 3)",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="with --scale: make the copy but do not grow it, so that every ratio is the measurement's own noise "
        "(how far two identical databases differ here)",
    )
    parser.add_argument(
        "--budget-only",
        action="store_true",
        help="print only the pages over the query budget and those not answering 200 (no timing, no load)",
    )
    args = parser.parse_args(argv)
    if args.scale < 1 or args.rounds < 1 or args.concurrency < 0 or args.seconds <= 0:
        parser.error("--scale and --rounds are at least 1, --concurrency at least 0, --seconds above 0")
    if args.profile == "production" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error(
            "--profile production needs DATABASE_URL=postgres://… (a throw-away database is made there)"
        )
    return args


def median_ms(client, url: str, rounds: int, databases=(None,)) -> list[float]:
    """The median milliseconds of `rounds` GETs of `url`, after one to warm up, on each of `databases` (None: the
    one in use): with two, the requests alternate between them, one on each in turn, so that both medians are
    taken over the same stretch of time (this machine's speed changes by tens of percent within a second)."""
    from harness import use_database

    times: list[list[float]] = [[] for _ in databases]
    for round_ in range(rounds + 1):
        # In turn first and second (A B, B A, …): neither is always the one asked right after the other.
        order = list(zip(databases, times, strict=True))
        for database, kept in order if round_ % 2 else order[::-1]:
            if database is not None:
                use_database(database)
            start = time.perf_counter()
            client.get(url)
            if round_:
                kept.append((time.perf_counter() - start) * 1000)
    return [statistics.median(kept) for kept in times]


def measure(pages: list[Page], clients: dict, rounds: int, budget_only: bool, databases=(None,)) -> None:
    """Append each scale's status, query count and (unless budget_only) median ms to each page: with two
    `databases` (the demo's and its copy made N times as large), a page's requests alternate between them."""
    # Django is set up by bench/harness.py once the profile has chosen the database (see main).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from harness import use_database

    from balanse.core.process import freeze_what_lives_forever

    # As a server process does once it has loaded (balanse/asgi.py): what lives so far is out of the garbage
    # collector's reach, so a collection walks only what the pages make, not the demo's loading or the ×N rows
    # this process made (a server started on that data has never held them).
    freeze_what_lives_forever()
    for page in pages:
        client = clients[page.role]
        for database in databases:
            if database is not None:
                use_database(database)
            # Counted as the medians are timed, after one request: on the copy the first request of a page
            # counts the figures it then keeps (balanse.core.stamps) where the demo's database was warmed by
            # the crawl. The count of that first request is held to the budget by the test suite
            # (tests/core/test_query_budget.py, with the kept figures thrown away).
            client.get(page.url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page.url)
            page.statuses.append(response.status_code)
            page.queries.append(len(captured.captured_queries))
        if budget_only:
            page.ms += [float("nan")] * len(databases)
        else:
            page.ms += median_ms(client, page.url, rounds, databases)


def _ratio(small: float, large: float) -> str:
    return f"{large / small:5.2f}" if small else "    –"


def table(role: str, pages: list[Page], scale: int) -> str:
    scaled = scale > 1
    loaded = any(page.load is not None for page in pages)
    head = f"{'page':52} {'ms':>6} {'q':>3}"
    if scaled:
        head = f"{'page':52} {'ms ×1':>6} {f'ms ×{scale}':>7} {'ratio':>5} {'q ×1':>4} {f'q ×{scale}':>5} {'flat':>8}"
    if loaded:
        head += f" {'req/s':>6} {'p50':>5} {'p99':>5} {'healthz':>7} {'×healthz':>8}"
    lines = [f"\n## {role}: {len(pages)} pages", head]
    baselines = [page.healthz for page in pages if page.healthz is not None]
    if baselines:
        rates = [healthz.req_s for healthz in baselines]
        errors = sum(sum(healthz.errors.values()) for healthz in baselines)
        lines[0] += (
            f" (/healthz with the same cookie, driven before each page: {min(rates):.0f}-{max(rates):.0f} req/s, "
            f"p99 at most {max(healthz.p99 for healthz in baselines):.0f} ms{f', errors {errors}' if errors else ''})"
        )
    for page in pages:
        url = page.url if len(page.url) <= 52 else page.url[:51] + "…"
        if scaled:
            is_flat = flat(page.ms[0], page.ms[-1]) and flat(page.queries[0], page.queries[-1])
            line = (
                f"{url:52} {page.ms[0]:6.2f} {page.ms[-1]:7.2f} {_ratio(page.ms[0], page.ms[-1])} "
                f"{page.queries[0]:4} {page.queries[-1]:5} {'FLAT' if is_flat else 'NOT FLAT':>8}"
            )
        else:
            line = f"{url:52} {page.ms[0]:6.2f} {page.queries[0]:3}"
        if page.load is not None:
            if page.load.errors or not page.load.answered:
                line += f" ERROR under load: {page.load.errors or 'no answer'}"
            else:
                line += (
                    f" {page.load.req_s:6.0f} {page.load.p50:5.0f} {page.load.p99:5.0f} {page.healthz.req_s:7.0f}"
                    f" {page.healthz_share:8.2f}"
                )
            redirects = {status: n for status, n in page.load.statuses.items() if 300 <= status < 400}
            if redirects:  # answered 200 in-process: a redirect here may be a session the server refused
                line += f" redirected under load: {redirects}"
        statuses = [status for status in page.statuses if status != 200]
        if statuses:
            line += f" answered {'/'.join(map(str, page.statuses))} in-process"
        misses = page.misses()
        if misses:
            line += "  ✗ " + ", ".join(misses)
        lines.append(line)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> None:
    # Imported here, not at the top: bench/harness.py sets Django up on import, with the database main chose.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from harness import copy_database, fresh_database, use_database
    from scale import counts, grow

    from tests.crawl import crawl, demo_people

    started = time.perf_counter()
    fresh_database()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    people = {role: user for role, user in demo_people().items() if not args.role or role in args.role}
    (healthz_ms,) = median_ms(Client(), "/healthz", args.rounds)
    clients, pages = {}, []
    for role, user in people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
        pages += [
            Page(role, name, url)
            for name, url in sorted(crawl(client).items(), key=lambda item: item[1])
            if not args.page or any(text in url for text in args.page)
        ]
    print(
        f"{args.profile} ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}); {len(pages)} pages; "
        f"/healthz in-process {healthz_ms:.2f} ms (baseline of this run); demo loaded and crawled in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    databases, server_database = (None,), os.environ["DATABASE_URL"]
    if args.scale > 1:  # a copy of the demo's database made N times as large, beside it
        before = counts()
        started = time.perf_counter()
        first = connections["default"].settings_dict["NAME"]
        second, server_database = copy_database()
        use_database(second)
        after = grow(1 if args.control else args.scale)
        if connections["default"].vendor == "postgresql":
            # The statistics PostgreSQL's autovacuum gathers by itself once a table has grown this much; without
            # them the planner would plan for the demo's row counts (an anti-join over ten times the rows as a
            # nested loop: a new member's form 11 -> 48 ms). SQLite gathers none unless asked, in use or here.
            # VACUUM too, and a checkpoint: the work autovacuum and the checkpointer would otherwise do during
            # the measurement, on the same two cores (the log-in page, which reads no table, 4.1 ms against 1.8).
            with connections["default"].cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
                cursor.execute("CHECKPOINT")
        databases = (first, second)
        print(
            f"×{args.scale} in {time.perf_counter() - started:.0f} s (rows in all; the lists under each parent "
            f"grow ×{args.scale} and the parents too): "
            + ", ".join(f"{label.split('.')[1]} {before[label]} → {after[label]}" for label in after),
            flush=True,
        )
    measure(pages, clients, args.rounds, args.budget_only, databases)
    if args.budget_only:
        over = [page for page in pages if max(page.queries) > QUERY_BUDGET]
        for page in over:
            print(f"{page.role:9} {page.url[:58]:58} {'/'.join(map(str, page.queries)):>7}  ✗ ({page.name})")
        for page in pages:
            if any(status != 200 for status in page.statuses):
                print(
                    f"{page.role:9} {page.url[:58]:58} answered {'/'.join(map(str, page.statuses))} in-process"
                )
        print(f"\n{len(over)} page(s) over the query budget ({QUERY_BUDGET})")
        return
    if args.concurrency:
        connections.close_all()
        server = start_server(server_env(args.profile, server_database, os.environ["BALANSE_VAR_DIR"]))
        print(
            f"server: one uvicorn process ({args.profile}), {args.concurrency} clients × {args.seconds:g} s per page",
            flush=True,
        )
        try:
            for role in people:
                own = [page for page in pages if page.role == role]
                if not own:  # --page left none of this role's pages
                    continue
                cookie = ""
                if people[role] is not None:  # a logged-in browser's cookies: its session and its CSRF secret
                    held = clients[role].cookies
                    names = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME]
                    cookie = "; ".join(f"{name}={held[name].value}" for name in names if name in held)
                for page in own:
                    # The baseline right before each page, not once for the role: this machine's speed drifts
                    # by a third within minutes (a role's /healthz 717-980 req/s in one run), and the operator's
                    # 92 pages take five minutes to drive.
                    page.healthz = drive(server, "/healthz", cookie, args.concurrency, args.seconds)
                    page.load = drive(server, page.url, cookie, args.concurrency, args.seconds)
                print(table(role, own, args.scale), flush=True)
        finally:
            server.stop()
    else:
        for role in people:
            own = [page for page in pages if page.role == role]
            if own:
                print(table(role, own, args.scale), flush=True)
    print(f"\n{summary(pages)}")
    flat_target = f", ×{args.scale} within {(FLAT - 1) * 100:.0f} % of ×1" if args.scale > 1 else ""
    print(
        f"(targets: median ≤ {MS_BUDGET:g} ms and ≤ {QUERY_BUDGET} queries at every scale{flat_target}; under "
        "load ≥ 100 req/s, ≥ 1/6 of /healthz, p99 < 400 ms)"
    )


def main() -> None:
    args = parse()
    with bench_environment(args.profile, "balanse-pages-"):
        run(args)


if __name__ == "__main__":
    sys.exit(main())
