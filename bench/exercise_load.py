"""Load benchmark for "OK eller ikke OK" live (run on demand, never in the test suite).

    .venv/bin/python bench/exercise_load.py --profile embedded --participants 2000
    DATABASE_URL=postgres://…/bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/exercise_load.py --profile production --participants 5000 --runs 2

Profiles (the server is started the way the README says):
  embedded    `make demo`'s shape: one uvicorn process, SQLite in a temporary folder, no Redis.
  production  README "Running in production": DJANGO_ENV=production, PostgreSQL from DATABASE_URL (its pool),
              Redis from REDIS_URL, `uvicorn --workers 2` (collectstatic into a temporary folder first).

Each run: N phones join (GET the page once for the CSRF token, then one POST each, --concurrency in flight)
and hold the push (SSE) stream; the facilitator runs --scenarios scenarios like in a workshop: next, open,
every phone votes (three relations in one POST, closed loop, --concurrency in flight), a second round in
which a third of the phones change their answer, close. Then the last scenario is opened again and votes
are sent OPEN LOOP at --rate per second for --open-seconds (whatever the answers), for the latency at that
offered rate. Finally each phone's last answer answered OK is compared with the database.
The baseline is a minimal Django async view (bench.baseline_settings) under the same server, profile and
settings, measured in the same run with the same closed-loop load; the ratio is votes/s ÷ baseline req/s.

--kill-worker (production): SIGKILL one uvicorn worker during the 2nd scenario's voting; its phones must
reconnect to the other worker (their votes that got no answer are sent again, as a person would) and every
vote answered OK must be counted.
--tree PATH runs the server from another checkout (for the "before" figures), with this script.

The load client is aiohttp, in this one process on the same machine, so it competes with the server for
the 2 cores; the machine's load average is printed with each row.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import json
from django.conf import settings
from django.test import Client
from balanse.exercise import services
from balanse.exercise.models import Scenario
import uuid
from tests.factories import OrganisationFactory, make_org_admin
organisation = OrganisationFactory(name=f"Bench {uuid.uuid4().hex}")
admin = make_org_admin(organisation, user__email=f"bench-{uuid.uuid4().hex}@example.org")
session = services.start_session(by=admin, template=services.default_template(), organisation=organisation)
client = Client()
client.force_login(admin)
pks = list(Scenario.objects.filter(session=session).order_by("position").values_list("pk", flat=True))
print(json.dumps({"code": session.code, "pk": session.pk, "scenarios": pks,
                  "sessionid": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""

COUNT = """
import json
from balanse.exercise.models import Vote
rows = Vote.objects.filter(scenario__session_id={pk}).values_list(
    "participant__token", "scenario_id", "relation", "value")
print(json.dumps([list(r) for r in rows]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class Server:
    def __init__(
        self, env: dict, tree: Path, workers: int, settings_module: str | None = None, cprofile: str = ""
    ):
        self.port = free_port()
        env = dict(env)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
            env["PYTHONPATH"] = f"{tree}:{ROOT}"  # the baseline's settings live in this checkout's bench/
        command = [sys.executable, *(["-m", "cProfile", "-o", cprofile] if cprofile else [])]
        command += ["-m", "uvicorn", "balanse.asgi:application", "--port", str(self.port)]
        command += [
            "--log-level",
            "warning",
            "--no-access-log",
            "--backlog",
            "8192",
            "--timeout-keep-alive",
            "60",
        ]
        if workers > 1:
            command += ["--workers", str(workers), "--proxy-headers"]
        self.proc = subprocess.Popen(command, cwd=tree, env=env)
        wait_for(self.port)
        time.sleep(1.0 if workers > 1 else 0.2)  # let every worker start
        self.url = f"http://127.0.0.1:{self.port}"
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}

    def workers(self) -> list[int]:
        """The uvicorn worker processes (not multiprocessing's resource tracker)."""
        found = []
        for pid in children(self.proc.pid):
            with contextlib.suppress(FileNotFoundError):
                if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
        return found

    def sample_memory(self) -> None:
        for pid in [self.proc.pid, *children(self.proc.pid)]:
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak_rss_mb(pid))
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds(pid))

    def stop(self) -> float:
        """Stops the server; returns the sum of every server process's peak resident memory (MB)."""
        self.sample_memory()
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return sum(self.peaks.values())


class Phones:
    """What the simulated phones know and do."""

    def __init__(self, http: aiohttp.ClientSession, info: dict, csrf: tuple[str, str], concurrency: int):
        self.http = http
        self.info = info
        self.code = info["code"]
        self.csrf_cookie, self.csrf_token = csrf
        self.limit = asyncio.Semaphore(concurrency)
        self.tokens: list[str] = []
        self.heard: list[dict[int, float]] = []
        self.connected = 0
        self.all_connected = asyncio.Event()
        self.reconnects = 0
        self.latencies: list[float] = []
        self.failures = 0
        self.statuses: dict[int, int] = {}
        self.last_ok: dict[tuple[str, int, int], int] = {}  # (token, scenario pk, relation) → value

    async def join(self) -> str | None:
        async with (
            self.limit,
            self.http.post(
                f"/ovelse/{self.code}/",
                data={"csrfmiddlewaretoken": self.csrf_token},
                headers={"Cookie": f"csrftoken={self.csrf_cookie}"},
                allow_redirects=False,
            ) as response,
        ):
            cookie = response.cookies.get("balanse_exercise")
            return cookie.value if response.status == 302 and cookie else None

    async def listen(self, i: int) -> None:
        """Hold the push stream like EventSource: reconnect after a second, with Last-Event-ID."""
        first = True
        last_id = ""
        while True:
            headers = {"Cookie": f"balanse_exercise={self.tokens[i]}", "Accept": "text/event-stream"}
            if last_id:
                headers["Last-Event-ID"] = last_id
            try:
                async with self.http.get(f"/ovelse/{self.code}/direkte/", headers=headers) as response:
                    async for raw in response.content:
                        if raw.startswith(b"id:"):
                            last_id = raw[3:].strip().decode()
                        if not raw.startswith(b"data:"):
                            continue
                        event = json.loads(raw[5:])
                        if first:
                            first = False
                            self.connected += 1
                            if self.connected == len(self.tokens):
                                self.all_connected.set()
                        if event.get("phase") == "open":
                            self.heard[i].setdefault(event["index"], time.perf_counter())
            except (TimeoutError, aiohttp.ClientError):
                pass
            self.reconnects += 1
            await asyncio.sleep(1)

    async def vote(self, i: int, scenario_pk: int, values: tuple[int, int, int], *, retry: bool) -> None:
        token = self.tokens[i]
        data = {"csrfmiddlewaretoken": self.csrf_token, "scenario": str(scenario_pk)}
        data.update({f"relation-{r}": str(v) for r, v in enumerate(values)})
        headers = {
            "Cookie": f"csrftoken={self.csrf_cookie}; balanse_exercise={token}",
            "Accept": "application/json",
        }
        for attempt in range(5 if retry else 1):
            t0 = time.perf_counter()
            try:
                async with self.http.post(
                    f"/ovelse/{self.code}/stem/", data=data, headers=headers
                ) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError):
                status = 0  # no answer: the server went away
            self.latencies.append(time.perf_counter() - t0)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status == 200:
                for r, v in enumerate(values):
                    self.last_ok[(token, scenario_pk, r)] = v
                return
            if status != 0:
                break
            await asyncio.sleep(0.5 * (attempt + 1))
        self.failures += 1

    async def vote_closed(self, i: int, scenario_pk: int, values, *, retry: bool) -> None:
        async with self.limit:
            await self.vote(i, scenario_pk, values, retry=retry)


async def control(http, info, csrf, action: str) -> None:
    async with http.post(
        f"/fasilitator/ovelse/{info['pk']}/styr/",
        data={"csrfmiddlewaretoken": csrf[1], "action": action},
        headers={"Cookie": f"csrftoken={csrf[0]}; sessionid={info['sessionid']}"},
        allow_redirects=False,
    ) as response:
        assert response.status == 302, (action, response.status)


async def get_csrf(http: aiohttp.ClientSession, url: str) -> tuple[str, str]:
    async with http.get(url) as response:
        html = await response.text()
        cookie = response.cookies["csrftoken"].value
    return cookie, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def values_for(i: int, round_: int) -> tuple[int, int, int]:
    return (1 + (i + round_) % 10, 1 + (i * 3 + round_) % 10, 1 + (i * 7 + round_) % 10)


async def run_exercise(args, server: Server, info: dict) -> dict:
    n = args.participants
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60, sock_read=None)
    r: dict = {}
    async with aiohttp.ClientSession(base_url=server.url, connector=connector, timeout=timeout) as http:
        csrf = await get_csrf(http, f"/ovelse/{info['code']}/")
        phones = Phones(http, info, csrf, args.concurrency)

        started = time.perf_counter()
        tokens = await asyncio.gather(*(phones.join() for _ in range(n)), return_exceptions=True)
        r["join_s"] = time.perf_counter() - started
        phones.tokens = [t for t in tokens if isinstance(t, str)]
        r["joined"] = len(phones.tokens)
        phones.heard = [{} for _ in phones.tokens]

        started = time.perf_counter()
        listeners = [asyncio.create_task(phones.listen(i)) for i in range(len(phones.tokens))]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(phones.all_connected.wait(), timeout=max(60, n / 20))
        r["connected"] = phones.connected
        r["connect_s"] = time.perf_counter() - started
        phones.reconnects = 0

        reach95, reach100 = [], []
        vote_time = 0.0
        votes = 0
        killed = None
        count = len(phones.tokens)
        for index in range(args.scenarios):
            if index:
                await control(http, info, csrf, "next")
            t_open = time.perf_counter()
            await control(http, info, csrf, "open")
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline and sum(1 for h in phones.heard if index in h) < count:
                await asyncio.sleep(0.01)
            times = sorted(h[index] - t_open for h in phones.heard if index in h)
            reach95.append(times[int(0.95 * count) - 1] if len(times) >= 0.95 * count else float("inf"))
            reach100.append(times[-1] if len(times) == count else float("inf"))
            scenario_pk = info["scenarios"][index]
            t0 = time.perf_counter()
            for round_, who in ((0, range(count)), (1, range(0, count, 3))):  # a third change their answer
                tasks = [
                    phones.vote_closed(i, scenario_pk, values_for(i, round_), retry=args.kill_worker)
                    for i in who
                ]
                if args.kill_worker and index == 1 and round_ == 0:
                    killer = asyncio.create_task(kill_one_worker(server, delay=len(tasks) / 800))
                await asyncio.gather(*tasks)
                votes += len(tasks)
                if args.kill_worker and index == 1 and round_ == 0:
                    killed = await killer
            vote_time += time.perf_counter() - t0
            await control(http, info, csrf, "close")
            server.sample_memory()
        r["closed_latencies"] = list(phones.latencies)
        r["votes_per_s"] = votes / vote_time if vote_time else 0.0
        r["reach95"] = statistics.median(reach95)
        r["reach95_max"] = max(reach95)
        r["reach100"] = statistics.median(reach100)
        r["reach100_max"] = max(reach100)
        r["killed"] = killed
        r["reconnects"] = phones.reconnects

        # Open loop: the last scenario again, votes sent at --rate per second whatever the answers.
        await control(http, info, csrf, "open")
        phones.latencies = []
        scenario_pk = info["scenarios"][args.scenarios - 1]
        total = int(args.rate * args.open_seconds)
        # Phones in a shuffled round: a phone votes again only after all the others (never two at once).
        ring = list(range(count))
        random.Random(7).shuffle(ring)
        order = ring * (total // count + 1)
        sent: list[asyncio.Task] = []
        t0 = time.perf_counter()
        for k in range(total):
            delay = t0 + k / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sent.append(
                asyncio.create_task(
                    phones.vote(order[k], scenario_pk, values_for(order[k], 2 + k), retry=False)
                )
            )
        await asyncio.gather(*sent)
        r["open_achieved"] = total / (time.perf_counter() - t0)
        r["open_latencies"] = list(phones.latencies)
        await control(http, info, csrf, "close")
        server.sample_memory()

        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        r["statuses"] = phones.statuses
        r["failures"] = phones.failures
        r["last_ok"] = phones.last_ok
    return r


async def kill_one_worker(server: Server, delay: float) -> int | None:
    await asyncio.sleep(delay)
    workers = server.workers()
    if len(workers) < 2:
        return None
    os.kill(workers[0], signal.SIGKILL)
    return workers[0]


async def run_baseline(args, server: Server, n_requests: int) -> dict:
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(base_url=server.url, connector=connector) as http:
        limit = asyncio.Semaphore(args.concurrency)

        async def hello():
            async with limit:
                t0 = time.perf_counter()
                async with http.post("/hello/", data={"x": "1"}) as response:
                    await response.read()
                latencies.append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(hello() for _ in range(n_requests)))
        elapsed = time.perf_counter() - started
    return {"req_per_s": n_requests / elapsed, "p95": pct(latencies, 95) * 1000}


def manage(env: dict, tree: Path, *command: str, code: str | None = None) -> str:
    argv = [sys.executable, "manage.py", *command]
    if code is not None:
        argv += ["-c", code]
    env = {**env, "PYTHONPATH": f"{tree}:{ROOT}"}  # tests.factories from this checkout if the tree has none
    out = subprocess.run(argv, cwd=tree, env=env, check=True, capture_output=True)
    return out.stdout.decode().strip().splitlines()[-1] if out.stdout.strip() else ""


def prepare(args, tmp: Path) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "BALANSE_VAR_DIR": str(tmp / "var"),
        "EXERCISE_VOTE_RATE_PER_SESSION": "100000000/60",
        "EXERCISE_JOIN_RATE_PER_SESSION": "100000000/60",
        "EXERCISE_PARTICIPANT_CAP": "100000",
        "EXERCISE_CHANNEL_PREFIX": f"bench-{os.getpid()}:",
        "LOG_LEVEL": "ERROR",
    }
    if args.profile == "embedded":
        env.update(DJANGO_ENV="test", DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}")
    else:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
            sys.exit("--profile production needs DATABASE_URL (PostgreSQL) and REDIS_URL")
        env.update(
            DJANGO_ENV="production",
            DATABASE_URL=os.environ["DATABASE_URL"],
            REDIS_URL=os.environ["REDIS_URL"],
            SECRET_KEY="bench-only-" + "x" * 60,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            TASKS_BACKEND="immediate",
        )
    manage(env, args.tree, "migrate", "-v0")
    manage(env, args.tree, "load_content")
    if args.profile == "production":
        manage(env, args.tree, "collectstatic", "--no-input", "-v0")
    return env


def votes_match(env: dict, tree: Path, info: dict, last_ok: dict) -> tuple[int, int]:
    """(answers answered OK, of them missing or different in the database)."""
    rows = json.loads(manage(env, tree, "shell", "-v0", code=COUNT.format(pk=info["pk"])))
    stored = {(token, scenario, relation): value for token, scenario, relation, value in rows}
    wrong = sum(1 for key, value in last_ok.items() if stored.get(key) != value)
    return len(last_ok), wrong


def one_run(args, env: dict) -> dict:
    workers = 2 if args.profile == "production" else 1
    load = os.getloadavg()[0]
    info = json.loads(manage(env, args.tree, "shell", "-v0", code=SETUP))
    cprofile = ""
    if args.cprofile:
        cprofile = str(Path(args.cprofile).resolve() / f"server-{os.getpid()}-{int(time.time())}.prof")
    server = Server(env, args.tree, workers, cprofile=cprofile)
    client_cpu, wall = time.process_time(), time.perf_counter()
    try:
        r = asyncio.run(run_exercise(args, server, info))
    finally:
        r_peak = server.stop()
    client_cpu, wall = time.process_time() - client_cpu, time.perf_counter() - wall
    answered, wrong = votes_match(env, args.tree, info, r["last_ok"])
    baseline_server = Server(env, args.tree, workers, settings_module="bench.baseline_settings")
    try:
        base = asyncio.run(run_baseline(args, baseline_server, max(3000, len(r["closed_latencies"]) // 4)))
    finally:
        baseline_server.stop()
    closed, opened = r["closed_latencies"], r["open_latencies"]
    return {
        "load": load,
        "joined": r["joined"],
        "join_s": r["join_s"],
        "connected": r["connected"],
        "votes_per_s": r["votes_per_s"],
        "closed": [pct(closed, p) * 1000 for p in (50, 95, 99)],
        "open_achieved": r["open_achieved"],
        "open": [pct(opened, p) * 1000 for p in (50, 95, 99)],
        "reach": [r["reach95"], r["reach100"], r["reach95_max"], r["reach100_max"]],
        "answered": answered,
        "wrong": wrong,
        "statuses": r["statuses"],
        "peak_mb": r_peak,
        "base": base["req_per_s"],
        "ratio": r["votes_per_s"] / base["req_per_s"],
        "killed": r["killed"],
        "reconnects": r["reconnects"],
        "cpu": (sum(server.cpu.values()), client_cpu, wall),
    }


HEADER = (
    "| profile | phones | joined (s) | streams | votes/s closed loop | p50/p95/p99 ms closed | open loop offered"
    " → achieved/s | p50/p95/p99 ms open | open → 95 % / 100 % s (worst) | OK = counted | peak MB | baseline"
    " req/s | ratio | load |"
)


def row(args, m: dict, label: str = "") -> str:
    reach = m["reach"]
    counted = "exact" if m["wrong"] == 0 else f"**{m['wrong']} of {m['answered']} missing**"
    failed = args.participants - m["joined"]
    return (
        f"| {args.profile}{label} | {args.participants} | {m['joined']}{f' ({failed} failed)' if failed else ''}"
        f" in {m['join_s']:.1f} | {m['connected']} | {m['votes_per_s']:.0f} | "
        + " / ".join(f"{v:.0f}" for v in m["closed"])
        + f" | {args.rate:.0f} → {m['open_achieved']:.0f} | "
        + " / ".join(f"{v:.0f}" for v in m["open"])
        + f" | {reach[0]:.2f} / {reach[1]:.2f} ({reach[2]:.2f} / {reach[3]:.2f}) | {counted} ({m['answered']})"
        f" | {m['peak_mb']:.0f} | {m['base']:.0f} | {m['ratio']:.2f} | {m['load']:.1f} |"
    )


def median_row(runs: list[dict]) -> dict:
    med = dict(runs[0])
    for key in (
        "load",
        "joined",
        "join_s",
        "connected",
        "votes_per_s",
        "open_achieved",
        "peak_mb",
        "base",
        "ratio",
    ):
        med[key] = statistics.median(run[key] for run in runs)
    for key in ("closed", "open", "reach"):
        med[key] = [statistics.median(run[key][i] for run in runs) for i in range(len(runs[0][key]))]
    med["wrong"] = max(run["wrong"] for run in runs)
    med["answered"] = int(statistics.median(run["answered"] for run in runs))
    return med


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", choices=["embedded", "production"], default="embedded")
    parser.add_argument(
        "--participants", type=int, default=None, help="default 2,000 embedded, 5,000 production"
    )
    parser.add_argument("--concurrency", type=int, default=200, help="requests in flight (closed loop)")
    parser.add_argument("--scenarios", type=int, default=10, help="how many of the ten scenarios to run")
    parser.add_argument(
        "--rate", type=float, default=None, help="open-loop votes/s (300 embedded, 500 production)"
    )
    parser.add_argument("--open-seconds", type=float, default=10)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL one worker during voting")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose server is measured")
    parser.add_argument(
        "--cprofile",
        metavar="DIR",
        help="run the (embedded) server under cProfile; its event-loop thread's "
        "profile is written to DIR (read it with python -m pstats)",
    )
    args = parser.parse_args()
    args.participants = args.participants or (5000 if args.profile == "production" else 2000)
    args.rate = args.rate or (500 if args.profile == "production" else 300)
    args.tree = args.tree.resolve()
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(args, Path(tmp))
        print(f"tree {args.tree}; {' '.join(sys.argv[1:])}", flush=True)
        print(HEADER)
        print("|" + "---|" * HEADER.count(" | ") + "---|")
        runs = []
        for _ in range(args.runs):
            runs.append(one_run(args, env))
            print(row(args, runs[-1]), flush=True)
            if args.kill_worker:
                print(f"   killed worker {runs[-1]['killed']}; stream reconnects {runs[-1]['reconnects']}")
            server_cpu, client_cpu, wall = runs[-1]["cpu"]
            print(
                f"   vote answers by status: {runs[-1]['statuses']}; CPU seconds: server {server_cpu:.0f}, "
                f"load client {client_cpu:.0f}, in {wall:.0f} s",
                flush=True,
            )
        if len(runs) > 1:
            print(row(args, median_row(runs), label=" median"))


if __name__ == "__main__":
    main()
