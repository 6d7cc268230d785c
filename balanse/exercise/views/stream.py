"""Server push (server-sent events) to the phones and the big screen.

Each connection is an async generator over one asyncio.Queue that the broker fills (see broker.py); frames are
encoded once per event and written as the same bytes to every connection. Every event that changes the state
carries the state's version as its SSE id, so a browser that reconnects says which version it has
(Last-Event-ID): the first frame is then "hello" when nothing changed and "state" when the page must refresh.
"""

import asyncio
import weakref

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse

from balanse.exercise import broker, services
from balanse.exercise.models import ExerciseSession

KEEPALIVE_SECONDS = 15
RETRY_FRAME = b"retry: 1000\n\n"
KEEPALIVE_FRAME = b": keep-alive\n\n"
STREAM_DB_CONCURRENCY = 8


def first_frame(request, state: dict, *, refresh_on_reconnect: bool = False) -> bytes:
    """The full state, as "state" when the browser's version differs (it must refresh) or "hello".

    refresh_on_reconnect: the big screen also shows joins and answers, which have no version, so it refreshes
    after every reconnect (it may have missed some); only its first connection, right after the page was
    rendered, says hello."""
    reconnect = request.headers.get("Last-Event-ID")
    known = reconnect or request.GET.get("v", "")
    same = known == str(state["version"]) and not (refresh_on_reconnect and reconnect)
    return broker.sse_frame(state, event="hello" if same else "state")


async def subscribe(channel: str):
    """Subscribe BEFORE reading the state the stream starts with: an event published in between then waits in
    the queue (at worst a phone hears a change twice) instead of being lost."""
    queue = broker.subscribe(channel)
    await broker.listening()
    return queue


def let_request_thread_go() -> None:
    """Under ASGI, Django gives each request a thread of its own for its sync code (asgiref's
    ThreadSensitiveContext) and keeps it until the response ends. A push stream lasts hours, so 5,000 phones
    would keep 5,000 idle threads, and every new thread (each request starts one) makes Python scan all of them
    (threading._maintain_shutdown_locks): with 2,000 streams that alone took most of the server's time. The
    stream runs no sync code once it has started, so its thread is let go now; if sync code runs later (when
    the response ends), asgiref starts a new thread for it as usual."""
    try:
        from asgiref.sync import SyncToAsync

        context = SyncToAsync.thread_sensitive_context.get(None)
        if context is None or getattr(context, "_executor", None) is not None:
            return  # no per-request thread, or an executor someone else owns
        executor = SyncToAsync.context_to_thread_executor.pop(context, None)
    except (AttributeError, LookupError):  # another asgiref: keep its behaviour
        return
    if executor is not None:
        executor.shutdown(wait=False)


async def _event_stream(channel: str, queue, first: bytes):
    try:
        let_request_thread_go()
        yield RETRY_FRAME
        yield first
        while True:
            try:
                frame = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield KEEPALIVE_FRAME
                continue
            yield frame  # already encoded once for every subscriber
    finally:
        broker.unsubscribe(channel, queue)


def release_connection(request) -> None:
    """A push stream stays open for hours; Django would only give this thread's database connection back
    when the response ends (request_finished), so thousands of open streams would hold thousands of
    connections. The stream itself never touches the database: give the connection back now."""
    if isinstance(request, ASGIRequest):
        connection.close()


@sync_to_async
def _session_pk(request, find_session) -> int:
    session = find_session()
    release_connection(request)
    return session.pk


@sync_to_async
def _read_state(request, session_pk: int) -> dict:
    state = services.state_of(ExerciseSession.objects.get(pk=session_pk))
    release_connection(request)
    return state


async def session_stream(request, find_session, channel_of, *, refresh_on_reconnect: bool = False):
    """The push response for one session: `find_session()` (sync) fetches it and checks access, raising 404 or
    403; `channel_of(session_pk)` names the channel; the first frame is the session's public state. The
    database connection is given back as soon as each of the two is read."""
    async with gate():
        session_pk = await _session_pk(request, find_session)
    return await stream_response(
        request,
        channel_of(session_pk),
        lambda: _read_state(request, session_pk),
        refresh_on_reconnect=refresh_on_reconnect,
    )


async def stream_response(request, channel: str, read_state, *, refresh_on_reconnect: bool = False):
    """The push response: subscribe to `channel`, then `await read_state()` for the first frame."""
    if not isinstance(request, ASGIRequest):
        # Under WSGI (the test server, a plain WSGI deployment) a response cannot wait for events without
        # holding a worker: send the current state and let the browser reconnect in one second.
        first = first_frame(request, await read_state(), refresh_on_reconnect=refresh_on_reconnect)
        return HttpResponse(RETRY_FRAME + first, content_type="text/event-stream")
    queue = await subscribe(channel)
    try:
        async with gate():
            state = await read_state()
    except BaseException:
        broker.unsubscribe(channel, queue)
        raise
    first = first_frame(request, state, refresh_on_reconnect=refresh_on_reconnect)
    response = StreamingHttpResponse(_event_stream(channel, queue, first), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


_gates: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


def gate() -> asyncio.Semaphore:
    """Limits how many push connections look up their first state at once, so 5,000 phones reconnecting
    together (a server restarted) wait for a few pooled database connections instead of all at once."""
    loop = asyncio.get_running_loop()
    if loop not in _gates:
        _gates[loop] = asyncio.Semaphore(STREAM_DB_CONCURRENCY)
    return _gates[loop]
