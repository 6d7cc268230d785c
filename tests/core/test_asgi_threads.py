"""The server's request threads (balanse/core/asgi.py): kept for the life of the process, not started anew for
every request as Django's own ASGI handler does, and a slow request holds up none of the others."""

import asyncio
import subprocess
import sys
import threading
import time

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_started

from balanse.core.asgi import PooledThreadsASGIHandler
from tests.exercise.server_process import run_async as run

pytestmark = pytest.mark.django_db(transaction=True)


async def get(app, path: str, query: bytes = b"") -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    body = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if body:
            return body.pop()
        await asyncio.Event().wait()  # the client never disconnects; Django cancels this when done

    sent = []

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"]


@pytest.fixture
def threads_seen():
    """The name of the thread each request's synchronous code starts on (Django sends request_started there);
    a request with the query string "slow" lingers there for half a second."""
    seen = []

    def note(sender, scope=None, **kwargs):
        seen.append(threading.current_thread().name)
        if scope and scope.get("query_string") == b"slow":
            time.sleep(0.5)

    request_started.connect(note, dispatch_uid="test_asgi_threads")
    yield seen
    request_started.disconnect(dispatch_uid="test_asgi_threads")


def test_requests_one_after_another_run_on_the_same_kept_thread(threads_seen):
    app = PooledThreadsASGIHandler(threads=4)

    async def ten():
        return [await get(app, "/healthz") for _ in range(10)]

    try:
        assert run(ten()) == [200] * 10
    finally:
        for executor in app.executors:
            executor.shutdown()
    assert len(threads_seen) == 10
    assert set(threads_seen) == {"balanse-request-0_0"}
    assert app.in_flight == [0, 0, 0, 0]


def test_djangos_own_handler_starts_a_thread_for_every_request(threads_seen):
    """What the pooled handler replaces (and the proof that the test above can tell them apart)."""

    async def three():
        app = ASGIHandler()
        return [await get(app, "/healthz") for _ in range(3)]

    assert run(three()) == [200] * 3
    assert len(set(threads_seen)) == 3


def test_a_slow_request_holds_up_no_other(threads_seen):
    app = PooledThreadsASGIHandler(threads=2)

    async def slow_and_fast():
        slow = asyncio.create_task(get(app, "/healthz", b"slow"))
        await asyncio.sleep(0.1)  # the slow one has its thread
        started = time.perf_counter()
        fast = await get(app, "/healthz")
        return fast, time.perf_counter() - started, await slow

    try:
        fast, fast_seconds, slow = run(slow_and_fast())
    finally:
        for executor in app.executors:
            executor.shutdown()
    assert (fast, slow) == (200, 200)
    assert fast_seconds < 0.4
    assert threads_seen[0] != threads_seen[1]


def test_at_least_one_thread():
    with pytest.raises(ValueError):
        PooledThreadsASGIHandler(threads=0)


def test_the_server_imports_every_view_at_start_up_not_in_the_first_request():
    """The URLconf's import takes seconds and would run in the event loop on the first request (Django
    resolves URLs there), holding every connection: balanse.asgi imports it as the process starts."""
    code = (
        "import sys, balanse.asgi; from django.urls import get_resolver; "
        "print('url_patterns' in vars(get_resolver()), 'balanse.report.views.operator' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True"], result.stderr
