"""The server's ASGI handler (balanse/core/asgi.py): its request threads are kept for the life of the
process, not started anew for every request as Django's own handler does, a slow request holds up none of
the others, and a synchronous view's request goes through the middleware and the view in one step on its
thread."""

import asyncio
import collections
import subprocess
import sys
import threading
import time

import pytest
from asgiref import sync
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished, request_started
from django.http import HttpResponse, StreamingHttpResponse
from django.test import override_settings
from django.urls import path

from balanse.core import asgi
from balanse.core.asgi import PooledThreadsASGIHandler, view_is_async
from tests.exercise.server_process import run_async as run

pytestmark = pytest.mark.django_db(transaction=True)


async def get(app, path: str, query: bytes = b"") -> int:
    return (await answer(app, path, query))["status"]


async def answer(app, path: str, query: bytes = b"") -> dict:
    """The response's start message (status and headers)."""
    return (await exchange(app, path, query))[0]


async def exchange(app, path: str, query: bytes = b"", sent=None, leave_after: int | None = None) -> list:
    """Every message the app sends for a GET of `path` (into `sent`, if given). With `leave_after`, the client
    leaves once that many messages have come."""
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

    sent = [] if sent is None else sent
    left = asyncio.Event()

    async def receive():
        if body:
            return body.pop()
        await left.wait()  # the client stays unless told to leave; Django cancels this when done
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
        if leave_after is not None and len(sent) >= leave_after:
            left.set()
        await asyncio.sleep(0)

    await app(scope, receive, send)
    return sent


def served(call, threads: int = 1):
    """`call(app)` run to its end on a new pooled handler of `threads` threads, which are then let go."""
    app = PooledThreadsASGIHandler(threads=threads)
    try:
        return run(call(app))
    finally:
        for executor in app.executors:
            executor.shutdown()


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
    async def slow_and_fast(app):
        slow = asyncio.create_task(get(app, "/healthz", b"slow"))
        await asyncio.sleep(0.1)  # the slow one has its thread
        started = time.perf_counter()
        fast = await get(app, "/healthz")
        return fast, time.perf_counter() - started, await slow

    fast, fast_seconds, slow = served(slow_and_fast, threads=2)
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


@pytest.fixture
def crossings(monkeypatch):
    """How often a request's code crosses from the event loop into a thread (sync_to_async) and back
    (async_to_sync), by the name of what is run there."""
    counted = {"into the thread": collections.Counter(), "back to the loop": collections.Counter()}
    into, back = sync.SyncToAsync.__call__, sync.AsyncToSync.__call__

    async def counted_into(self, *args, **kwargs):
        counted["into the thread"][self.func.__qualname__] += 1
        return await into(self, *args, **kwargs)

    def counted_back(self, *args, **kwargs):
        counted["back to the loop"][self.awaitable.__qualname__] += 1
        return back(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted_into)
    monkeypatch.setattr(sync.AsyncToSync, "__call__", counted_back)
    return counted


def test_a_synchronous_views_middleware_and_view_run_in_one_step(crossings):
    start = served(lambda app: answer(app, "/healthz"))
    assert start["status"] == 200
    # Into the thread once: request_started's receivers, the middleware with the view and response.close.
    assert dict(crossings["into the thread"]) == {"PooledThreadsASGIHandler.respond": 1}
    assert not crossings["back to the loop"]
    # The middleware ran: their headers are on the answer.
    headers = {name.lower(): value for name, value in start["headers"]}
    assert headers[b"x-frame-options"] == b"DENY"
    assert b"content-security-policy" in headers


def test_djangos_own_handler_crosses_back_and_forth(crossings):
    """What the one step replaces (and the proof that the test above can tell them apart): Django's chain goes
    back to the event loop to find the view and into the thread again to run it."""
    assert run(get(ASGIHandler(), "/healthz")) == 200
    assert sum(crossings["into the thread"].values()) > 3
    assert sum(crossings["back to the loop"].values()) >= 1


def test_an_async_view_still_takes_djangos_async_chain_on_a_thread_of_its_own(crossings, threads_seen):
    """A vote waits for its batch's commit while the middleware above it hold its thread: it gets a new
    thread, as under Django's handler, and never one of the threads the pages share."""
    assert view_is_async(settings.ROOT_URLCONF, "/ovelse/ABC123/")
    assert not view_is_async(settings.ROOT_URLCONF, "/healthz")
    assert not view_is_async(settings.ROOT_URLCONF, "/finnes-ikke/")  # Django's synchronous chain answers 404
    assert view_is_async(settings.ROOT_URLCONF, "/ovelse/" + "A" * 300 + "/")  # too long to keep: resolved

    async def both(app):
        return [await get(app, "/ovelse/ABC123/"), await get(app, "/finnes-ikke/")]

    statuses = served(both)
    assert statuses == [404, 404]
    assert not threads_seen[0].startswith("balanse-request-")  # the async view: a thread of its own
    assert threads_seen[1] == "balanse-request-0_0"  # the page: a kept thread
    assert crossings["into the thread"]["PooledThreadsASGIHandler.respond"] == 1  # the unknown path only
    assert crossings["back to the loop"]  # the async view: Django's chain, as under its own handler


def test_a_path_the_resolver_fails_on_goes_to_djangos_synchronous_chain(monkeypatch):
    """Only the route is decided before the request: an error there is left to Django's chain to answer."""

    class Failing:
        def resolve(self, path):
            raise RuntimeError("a converter failed")

    monkeypatch.setattr(asgi, "get_resolver", lambda urlconf: Failing())
    assert asgi.resolves_to_async_view("balanse.urls", "/ovelse/ABC123/") is False


# The pages of the tests below (ROOT_URLCONF is this module): a plain answer and one streamed in chunks.
def _plain(request):
    return HttpResponse("plain")


def _streamed(request):
    async def chunks():
        for number in range(50):
            yield f"chunk {number};"

    return StreamingHttpResponse(chunks())


urlpatterns = [path("plain/", _plain), path("streamed/", _streamed)]


@pytest.fixture
def events():
    """What happened, in order: the app's messages ("start", "body") and request_finished ("finished", with the
    thread it ran on)."""
    happened = []

    def finished(sender, **kwargs):
        happened.append(("finished", threading.current_thread().name))

    request_finished.connect(finished, dispatch_uid="test_asgi_threads_finished")
    yield happened
    request_finished.disconnect(dispatch_uid="test_asgi_threads_finished")


class Recorded(list):
    """The app's messages, also noted in `events` as they come."""

    def __init__(self, events):
        super().__init__()
        self.events = events

    def append(self, message):
        super().append(message)
        self.events.append(message["type"].rsplit(".", 1)[-1])


@override_settings(ROOT_URLCONF=__name__)
def test_a_plain_answer_is_closed_on_its_thread_once_before_it_is_sent(events):
    sent = served(lambda app: exchange(app, "/plain/", sent=Recorded(events)))
    assert sent[0]["status"] == 200
    assert b"".join(message.get("body", b"") for message in sent) == b"plain"
    assert events == [("finished", "balanse-request-0_0"), "start", "body"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_streamed_answer_is_sent_whole_and_closed_after(events):
    sent = served(lambda app: exchange(app, "/streamed/", sent=Recorded(events)))
    body = b"".join(message.get("body", b"") for message in sent)
    assert body == "".join(f"chunk {number};" for number in range(50)).encode()
    assert events[0] == "start"
    assert events[-1][0] == "finished"  # after the last body message
    assert [event for event in events if event[0] == "finished"] == [events[-1]]


@override_settings(ROOT_URLCONF=__name__)
def test_a_streamed_answer_stops_when_the_client_leaves_and_is_still_closed(events):
    sent = served(lambda app: exchange(app, "/streamed/", sent=Recorded(events), leave_after=3))
    assert 3 <= len(sent) < 50  # the rest was not sent
    assert [event for event in events if event[0] == "finished"] == [("finished", "balanse-request-0_0")]


def test_a_request_django_cannot_read_is_answered_400_and_closed(events):
    """A query string that is not UTF-8: Django's answer (400), through the same one step."""
    status = served(lambda app: get(app, "/healthz", b"q=%ff\xff"))
    assert status == 400
    assert events == [("finished", "balanse-request-0_0")]
