"""Benchmark: Django's ASGI handler (a new thread for every request) against the server's own handler of
balanse/core/asgi.py (REQUEST_THREADS kept threads, a synchronous view in one step), side by side in the
same run. Run on demand, on a quiet machine:

    .venv/bin/python bench/request_threads.py                     # embedded: SQLite, as `make demo`
    .venv/bin/python bench/request_threads.py --threads 0 1 2 4 8 # more servers in the same run
    DATABASE_URL=postgres://…/postgres .venv/bin/python bench/request_threads.py --profile production

Loads the demo into a throw-away database, logs the demo organisation's admin in, and starts one server
process the README's way on that database for each --threads value (REQUEST_THREADS; 0 is Django's own
handler). Then, for each path, it drives them in turn, --rounds times, --clients keep-alive clients each for
--seconds (interleaved, so all meet the same background load), and prints req/s and p99 of each, and their
ratios to the first.
"""

import argparse
import os
import statistics
import sys

from load import bench_environment, drive, server_env, start_server

PATHS = ("/healthz", "/virksomhet/{org}/", "/virksomhet/{org}/merket/", "/merket/")


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", choices=("embedded", "production"), default="embedded")
    parser.add_argument(
        "--threads", type=int, nargs="+", default=[0, 4], help="REQUEST_THREADS of each server (0 4)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=4.0, help="per path, server and round (4)")
    parser.add_argument("--rounds", type=int, default=3, help="times each server is driven per path (3)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> None:
    # After the environment is set (main): bench/harness.py sets Django up on import.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from harness import fresh_database

    from balanse.core.demo import DEMO_ORGANISATION
    from balanse.organisations.models import Organisation
    from tests.crawl import demo_people

    fresh_database()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    client.force_login(demo_people()["admin"])
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    org = Organisation.objects.get(name=DEMO_ORGANISATION).pk
    connections.close_all()
    env = server_env(args.profile, os.environ["DATABASE_URL"], os.environ["BALANSE_VAR_DIR"])
    servers = {}
    try:
        for threads in args.threads:
            label = f"{threads} threads" if threads else "Django's handler"
            servers[label] = start_server(env | {"REQUEST_THREADS": str(threads)})
        print(
            f"{args.profile}; {args.clients} clients, {args.rounds} × {args.seconds:g} s per server and path"
        )
        print(f"{'path':28} " + " ".join(f"{label:>26}" for label in servers) + "   ratios")
        for path in PATHS:
            path = path.format(org=org)
            loads = {label: [] for label in servers}
            for _round in range(args.rounds):
                for label, server in servers.items():
                    loads[label].append(drive(server, path, cookie, args.clients, args.seconds))
            figures = {}
            for label, runs in loads.items():
                errors = sum(sum(load.errors.values()) for load in runs)
                req_s = statistics.median(load.req_s for load in runs)
                p99 = statistics.median(load.p99 for load in runs)
                figures[label] = req_s
                suffix = f" ({errors} errors)" if errors else ""
                cell = f"{req_s:6.0f} req/s p99 {p99:5.0f} ms{suffix}"
                print(f"{path:28} {cell:>26}" if label == next(iter(servers)) else f" {cell:>26}", end="")
            first, *others = figures.values()
            print("   " + " ".join(f"×{other / first:.2f}" for other in others) if first else "", flush=True)
    finally:
        for server in servers.values():
            server.stop()


def main() -> None:
    args = parse()
    with bench_environment(args.profile, "balanse-threads-"):
        run(args)


if __name__ == "__main__":
    sys.exit(main())
