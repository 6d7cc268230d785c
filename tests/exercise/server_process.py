"""A real `uvicorn balanse.asgi:application` in a subprocess, on a SQLite file of its own, for the tests that
kill a server or stop Redis under it."""

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import json
from django.conf import settings
from django.test import Client
from balanse.exercise import services
from tests.factories import make_org_admin
admin = make_org_admin()
organisation = admin.memberships.get().organisation
session = services.start_session(by=admin, template=services.default_template(), organisation=organisation)
client = Client()
client.force_login(admin)
print(json.dumps({"code": session.code, "pk": session.pk, "sessionid": client.cookies[settings.SESSION_COOKIE_NAME].value}))
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
    raise AssertionError(f"server on port {port} did not start")


def prepare(tmp_path: Path, **extra) -> tuple[dict, dict]:
    """A migrated SQLite database with the default content and one running session; (env, session info)."""
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "BALANSE_VAR_DIR": str(tmp_path / "var"),
        "EXERCISE_CHANNEL_PREFIX": f"test-{uuid.uuid4().hex}:",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        **extra,
    }
    env.pop("REDIS_URL", None) if "REDIS_URL" not in extra else None
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "load_content"], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run(
        [python, "manage.py", "shell", "-v0", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env, json.loads(out.stdout.decode().strip().splitlines()[-1])


def start(env: dict, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "balanse.asgi:application",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    wait_for(port)
    return process, f"http://127.0.0.1:{port}"


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def run_async(coroutine, timeout: float = 120):
    """Run the client in its own thread: a browser test earlier in this worker may have left Playwright's
    event loop running in the main thread, where asyncio.run() is refused."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)
