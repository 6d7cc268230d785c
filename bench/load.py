"""Many logged-in clients at once against one server process started the README's way (bench/pages.py
--concurrency). Run as part of a bench script (bench/ on sys.path); needs no Django in this process.

Profiles:
  embedded    `make demo`'s shape: one uvicorn process on the harness's SQLite file, no Redis
              (DJANGO_ENV=test, so without DEBUG, as bench/exercise_load.py).
  production  README "Running in production" with one process: DJANGO_ENV=production, PostgreSQL from
              DATABASE_URL with the README's pool settings (DATABASE_POOL_* as set, else their defaults),
              Redis only if REDIS_URL is set, static files collected first.
"""

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from exercise_load import Server
from targets import Load

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "bench-only-" + "x" * 60  # noqa: S105 - the throw-away database's sessions, never a real site


def throwaway_postgres(url: str) -> tuple[str, str]:
    """Create an empty database next to the one `url` names; returns (its URL, its name)."""
    import psycopg  # only the production profile needs it

    name = f"balanse_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def copy_postgres(url: str, source: str) -> tuple[str, str]:
    """A copy of the database `source` (no one connected to it) next to the one `url` names; returns (its URL,
    its name)."""
    import psycopg  # only the production profile needs it

    name = f"{source}_copy"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def drop_postgres(url: str, name: str) -> None:
    import psycopg  # only the production profile needs it

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def bench_environment(profile: str, prefix: str):
    """The environment a page benchmark and its server process share: one secret and one folder (keys, files),
    and with --profile production a throw-away PostgreSQL database next to DATABASE_URL's (BENCH_DATABASE_URL,
    which bench/harness.py reads), dropped at the end; embedded: no Redis. Set before Django is imported."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ["BALANSE_VAR_DIR"] = f"{tmp}/var"
    dropping = None
    if profile == "production":
        url, name = throwaway_postgres(os.environ["DATABASE_URL"])
        os.environ["BENCH_DATABASE_URL"] = url
        os.environ["BENCH_MAINTENANCE_DATABASE_URL"] = os.environ["DATABASE_URL"]
        dropping = (os.environ["DATABASE_URL"], name)
    else:
        os.environ.pop("REDIS_URL", None)
        os.environ.pop("BENCH_DATABASE_URL", None)
    try:
        yield
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if dropping is not None:
            from django.db import connections  # Django's pool lets go of the database before it is dropped

            connections.close_all()
            drop_postgres(*dropping)
            drop_postgres(dropping[0], f"{name}_copy")  # bench/pages.py --scale's, if it made one


def server_env(profile: str, database_url: str, var_dir: str) -> dict:
    """The environment of the server process: the bench's own (database, keys, secret) and the profile's."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, BALANSE_VAR_DIR=var_dir, LOG_LEVEL="ERROR")
    if profile == "embedded":
        env.pop("REDIS_URL", None)
        env["DJANGO_ENV"] = "test"
    else:
        env.update(
            DJANGO_ENV="production",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            TASKS_BACKEND="immediate",
        )
    return env


def start_server(env: dict) -> Server:
    """One uvicorn process (`uvicorn balanse.asgi:application`, no --workers) on a free port."""
    if env["DJANGO_ENV"] == "production":
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
        )
    return Server(env, ROOT, workers=1)


async def _drive(base: str, path: str, cookie: str, concurrency: int, seconds: float) -> Load:
    connector = aiohttp.TCPConnector(limit=concurrency)  # one keep-alive connection per client
    timeout = aiohttp.ClientTimeout(total=60)
    headers = {"Cookie": cookie} if cookie else {}
    load = Load(seconds=0.0)
    async with aiohttp.ClientSession(
        base_url=base,
        connector=connector,
        timeout=timeout,
        headers=headers,
        cookie_jar=aiohttp.DummyCookieJar(),  # the same cookie on every request, whatever is set
    ) as http:

        async def get() -> tuple[int, float]:
            started = time.perf_counter()
            try:
                async with http.get(path, allow_redirects=False) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError):
                status = 0
            return status, (time.perf_counter() - started) * 1000

        await asyncio.gather(*(get() for _ in range(concurrency)))  # warm: connections open, page once
        stop = time.perf_counter() + seconds

        async def client() -> None:
            while time.perf_counter() < stop:
                status, ms = await get()
                load.latencies_ms.append(ms)
                load.statuses[status] = load.statuses.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        load.seconds = time.perf_counter() - started
    return load


def drive(server: Server, path: str, cookie: str, concurrency: int, seconds: float) -> Load:
    """`concurrency` clients, each GETting `path` again as soon as it has the answer, for `seconds`."""
    return asyncio.run(_drive(server.url, path, cookie, concurrency, seconds))
