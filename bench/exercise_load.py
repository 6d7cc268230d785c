"""Load benchmark for "OK eller ikke OK" live (run on demand, never in the test suite).

    .venv/bin/python bench/exercise_load.py --participants 1000 2000 5000

For each size: starts one `uvicorn balanse.asgi:application` process (SQLite file in a temporary folder, or
DATABASE_URL if set; REDIS_URL is passed through if set), lets N simulated phones join one session and hold
the push (SSE) connection, and runs the ten scenarios: the facilitator opens a scenario, every phone votes
(three relations in one POST, at most --concurrency requests in flight), the facilitator closes it and moves on.
It prints: participants connected, votes/s sustained, vote latency p50/p95/p99, time from "open scenario"
until 95 % / 100 % of the phones have it, votes sent vs counted, peak server memory (VmHWM), and the same
request load against a minimal Django async view (same settings and middleware) in the same run as baseline.
The load client is aiohttp, in one process on the same machine, so it competes with the server for the CPU.
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import socket
import sqlite3
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
import uuid
from tests.factories import OrganisationFactory, make_org_admin
organisation = OrganisationFactory(name=f"Bench {uuid.uuid4().hex}")
admin = make_org_admin(organisation, user__email=f"bench-{uuid.uuid4().hex}@example.org")
session = services.start_session(by=admin, template=services.default_template(), organisation=organisation)
client = Client()
client.force_login(admin)
print(json.dumps({"code": session.code, "pk": session.pk, "sessionid": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return float("nan")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Server:
    def __init__(self, env: dict, settings_module: str | None = None):
        self.port = free_port()
        env = dict(env)
        if settings_module:
            env["DJANGO_SETTINGS_MODULE"] = settings_module
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "balanse.asgi:application",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
                "--backlog",
                "8192",
                "--timeout-keep-alive",
                "60",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_for(self.port)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> float:
        peak = peak_rss_mb(self.proc.pid)
        self.proc.terminate()
        self.proc.wait(timeout=20)
        return peak


async def get_csrf(http: aiohttp.ClientSession, url: str) -> tuple[str, str]:
    async with http.get(url) as response:
        html = await response.text()
        cookie = response.cookies["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


async def run_size(n: int, concurrency: int, env: dict, info: dict, scenarios: int = 10) -> dict:
    server = Server(env)
    code, pk = info["code"], info["pk"]
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60)
    results: dict = {"participants": n}
    async with aiohttp.ClientSession(base_url=server.url, connector=connector, timeout=timeout) as http:
        csrf_cookie, csrf_token = await get_csrf(http, f"/ovelse/{code}/")
        facilitator = {"Cookie": f"csrftoken={csrf_cookie}; sessionid={info['sessionid']}"}
        limit = asyncio.Semaphore(concurrency)

        # Join: one POST per phone (no account); the token comes back in a cookie.
        async def join() -> str:
            async with (
                limit,
                http.post(
                    f"/ovelse/{code}/",
                    data={"csrfmiddlewaretoken": csrf_token},
                    headers={"Cookie": f"csrftoken={csrf_cookie}"},
                    allow_redirects=False,
                ) as response,
            ):
                return response.cookies["balanse_exercise"].value

        started = time.perf_counter()
        tokens = await asyncio.gather(*(join() for _ in range(n)))
        results["join_s"] = time.perf_counter() - started

        # Hold the push connections; record when each phone hears each scenario open.
        heard: list[dict[int, float]] = [{} for _ in range(n)]
        connected = asyncio.Event()
        count_connected = 0

        async def listen(i: int, token: str):
            nonlocal count_connected
            headers = {"Cookie": f"balanse_exercise={token}", "Accept": "text/event-stream"}
            async with http.get(f"/ovelse/{code}/direkte/", headers=headers) as response:
                first = True
                async for raw in response.content:
                    if not raw.startswith(b"data:"):
                        continue
                    event = json.loads(raw[5:])
                    if first:
                        first = False
                        count_connected += 1
                        if count_connected == n:
                            connected.set()
                    if event.get("phase") == "open":
                        heard[i].setdefault(event["index"], time.perf_counter())

        started = time.perf_counter()
        listeners = [asyncio.create_task(listen(i, t)) for i, t in enumerate(tokens)]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(connected.wait(), timeout=max(60, n / 20))
        results["connected"] = count_connected
        results["connect_s"] = time.perf_counter() - started

        async def control(action: str):
            async with http.post(
                f"/fasilitator/ovelse/{pk}/styr/",
                data={"csrfmiddlewaretoken": csrf_token, "action": action},
                headers=facilitator,
                allow_redirects=False,
            ) as response:
                assert response.status == 302, response.status

        latencies: list[float] = []
        failures = 0
        reach95: list[float] = []
        reach100: list[float] = []
        vote_time = 0.0

        async def vote(token: str, scenario_pk: int, i: int):
            nonlocal failures
            async with limit:
                t0 = time.perf_counter()
                async with http.post(
                    f"/ovelse/{code}/stem/",
                    data={
                        "csrfmiddlewaretoken": csrf_token,
                        "scenario": str(scenario_pk),
                        "relation-0": str(1 + i % 10),
                        "relation-1": str(1 + (i * 3) % 10),
                        "relation-2": str(1 + (i * 7) % 10),
                    },
                    headers={
                        "Cookie": f"csrftoken={csrf_cookie}; balanse_exercise={token}",
                        "Accept": "application/json",
                    },
                ) as response:
                    await response.read()
                    if response.status != 200:
                        failures += 1
                latencies.append(time.perf_counter() - t0)

        scenario_pks = info["scenarios"]
        for index in range(scenarios):
            if index:
                await control("next")
            t_open = time.perf_counter()
            await control("open")
            deadline = time.perf_counter() + 30
            while time.perf_counter() < deadline and sum(1 for h in heard if index in h) < n:
                await asyncio.sleep(0.02)
            times = sorted(h[index] - t_open for h in heard if index in h)
            if times:
                reach95.append(
                    times[min(len(times) - 1, int(0.95 * n) - 1)] if len(times) >= 0.95 * n else float("inf")
                )
                reach100.append(times[-1] if len(times) == n else float("inf"))
            t0 = time.perf_counter()
            await asyncio.gather(*(vote(t, scenario_pks[index], i) for i, t in enumerate(tokens)))
            vote_time += time.perf_counter() - t0
            await control("close")

        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)

        results.update(
            votes_sent=len(latencies),
            vote_failures=failures,
            votes_per_s=len(latencies) / vote_time if vote_time else 0,
            p50=pct(latencies, 50) * 1000,
            p95=pct(latencies, 95) * 1000,
            p99=pct(latencies, 99) * 1000,
            reach95=statistics.median(reach95) if reach95 else float("nan"),
            reach95_max=max(reach95) if reach95 else float("nan"),
            reach100=statistics.median(reach100) if reach100 else float("nan"),
            reach100_max=max(reach100) if reach100 else float("nan"),
        )
    results["peak_mb"] = server.stop()
    return results


async def run_baseline(n_requests: int, concurrency: int, env: dict) -> dict:
    server = Server(env, settings_module="bench.baseline_settings")
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(base_url=server.url, connector=connector) as http:
        limit = asyncio.Semaphore(concurrency)

        async def hello():
            async with limit:
                t0 = time.perf_counter()
                async with http.post("/hello/", data={"x": "1"}) as response:
                    await response.read()
                latencies.append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(hello() for _ in range(n_requests)))
        elapsed = time.perf_counter() - started
    peak = server.stop()
    return {
        "req_per_s": n_requests / elapsed,
        "p50": pct(latencies, 50) * 1000,
        "p95": pct(latencies, 95) * 1000,
        "p99": pct(latencies, 99) * 1000,
        "peak_mb": peak,
    }


def prepare(tmp: Path) -> tuple[dict, dict]:
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "BALANSE_VAR_DIR": str(tmp / "var"),
        "EXERCISE_VOTE_RATE_PER_SESSION": "100000000/60",
        "EXERCISE_JOIN_RATE_PER_SESSION": "100000000/60",
        "EXERCISE_PARTICIPANT_CAP": "100000",
        "EXERCISE_CHANNEL_PREFIX": f"bench-{os.getpid()}:",
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    for command in (["migrate", "-v0"], ["load_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env, {}


def new_session(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    info = json.loads(out.stdout.decode().strip().splitlines()[-1])
    info["scenarios"] = scenario_pks(env, info["pk"])
    return info


def scenario_pks(env: dict, session_pk: int) -> list[int]:
    code = (
        "from balanse.exercise.models import Scenario;"
        f"print(list(Scenario.objects.filter(session_id={session_pk}).order_by('position').values_list('pk', flat=True)))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def votes_counted(env: dict, session_pk: int) -> int:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///") :]) as db:
            (rows,) = db.execute(
                "select count(*) from exercise_vote v join exercise_scenario s on v.scenario_id = s.id "
                "where s.session_id = ?",
                (session_pk,),
            ).fetchone()
            return rows
    code = (
        "from balanse.exercise.models import Vote;"
        f"print(Vote.objects.filter(scenario__session_id={session_pk}).count())"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return int(out.stdout.decode().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--concurrency", type=int, default=32, help="vote requests in flight")
    parser.add_argument("--scenarios", type=int, default=10, help="how many of the ten scenarios to run")
    args = parser.parse_args()
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory() as tmp:
        env, _ = prepare(Path(tmp))
        print(
            f"database: {env['DATABASE_URL'].split('@')[-1]}; fan-out: {'Redis' if env.get('REDIS_URL') else 'in-process'}"
        )
        for n in args.participants:
            info = new_session(env)
            r = asyncio.run(run_size(n, args.concurrency, env, info, args.scenarios))
            rows = votes_counted(env, info["pk"])
            base = asyncio.run(run_baseline(max(r["votes_sent"], 2000), args.concurrency, env))
            print(f"\n== {n} participants ==")
            print(
                f"participants connected      {r['connected']} / {n} (joined in {r['join_s']:.1f} s, streams in {r['connect_s']:.1f} s)"
            )
            print(
                f"votes sent / counted        {r['votes_sent']} / {rows // 3} ({r['vote_failures']} refused)"
            )
            print(f"votes per second sustained  {r['votes_per_s']:.0f}")
            print(f"vote latency p50/p95/p99    {r['p50']:.0f} / {r['p95']:.0f} / {r['p99']:.0f} ms")
            print(f"scenario open → 95 %        median {r['reach95']:.2f} s, worst {r['reach95_max']:.2f} s")
            print(
                f"scenario open → 100 %       median {r['reach100']:.2f} s, worst {r['reach100_max']:.2f} s"
            )
            print(f"peak server memory          {r['peak_mb']:.0f} MB")
            print(
                f"baseline Django async view  {base['req_per_s']:.0f} req/s, p50/p95/p99 "
                f"{base['p50']:.0f} / {base['p95']:.0f} / {base['p99']:.0f} ms, {base['peak_mb']:.0f} MB"
            )
            print(f"ratio votes/s ÷ baseline    {r['votes_per_s'] / base['req_per_s']:.2f}")


if __name__ == "__main__":
    main()
