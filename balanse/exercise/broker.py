"""Fan-out of live events to the push (SSE) connections.

Without REDIS_URL: in-process — every subscriber is an asyncio.Queue on its event loop; publish() may be called
from any thread (sync views run in a thread pool) and hands the message to each loop thread-safely.
With REDIS_URL: publish() sends to Redis pub/sub; each server process has ONE Redis subscription (a pattern on
all exercise channels, redis.asyncio) that feeds its local queues, so several processes share a session.

Each event is encoded ONCE as the bytes of a server-sent event (sse_frame) by the process that publishes it;
Redis carries those bytes, and every connection writes the same bytes object.

If Redis is unreachable, events are delivered in this process only (phones connected to another server process
miss them until Redis is back), Redis is tried again every few seconds, a warning is logged, and
`degraded()` is true so the facilitator's screen can say that live updates may reach only part of the room.
"""

import asyncio
import contextlib
import json
import logging
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)

QUEUE_SIZE = 100
RETRY_SECONDS = 3  # while Redis is down, how often publish() tries it again
DEGRADED_SECONDS = 60  # how long after the last failure degraded() stays true

_lock = threading.Lock()
_subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = {}
_listeners: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
_listening: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
_sync_redis = None
_health = {"failed_at": 0.0, "retry_at": 0.0}


def _failed(what: str) -> None:
    now = time.monotonic()
    if now - _health["failed_at"] > DEGRADED_SECONDS:
        log.warning(
            "Redis is unreachable (%s): live updates reach only the phones on this server process", what
        )
    _health["failed_at"] = now
    _health["retry_at"] = now + RETRY_SECONDS


def degraded() -> bool:
    """True while cross-process fan-out is (or was, within the last minute) not working."""
    if not _redis_url():
        return False
    failed = _health["failed_at"]
    return bool(failed) and time.monotonic() - failed < DEGRADED_SECONDS


def participants_channel(session_id: int) -> str:
    return f"{session_id}:all"


def screen_channel(session_id: int) -> str:
    return f"{session_id}:screen"


def _prefix() -> str:
    return getattr(settings, "EXERCISE_CHANNEL_PREFIX", "balanse:exercise:")


def _redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


def sse_frame(message: dict, *, event: str | None = None) -> bytes:
    """One server-sent event: named after the message's type, with the state's version as its id (a browser
    that reconnects sends it back as Last-Event-ID), encoded once and written as these bytes everywhere."""
    head = f"id: {message['version']}\n" if "version" in message else ""
    return f"{head}event: {event or message.get('type', 'message')}\ndata: {json.dumps(message)}\n\n".encode()


def _deliver_local(channel: str, frame: bytes) -> None:
    """Hand one frame to every local queue of `channel`, with one wake-up per event loop (not one per
    subscriber: 5,000 call_soon_threadsafe calls would each write to the loop's self-pipe)."""
    with _lock:
        targets = list(_subscribers.get(channel, ()))
    if not targets:
        return
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Queue]] = {}
    for loop, queue in targets:
        by_loop.setdefault(loop, []).append(queue)
    for loop, queues in by_loop.items():
        with contextlib.suppress(RuntimeError):  # loop closed
            loop.call_soon_threadsafe(_put_all, queues, frame)


def _put_all(queues: list[asyncio.Queue], frame: bytes) -> None:
    for queue in queues:
        _put(queue, frame)


def _put(queue: asyncio.Queue, frame: bytes) -> None:
    if queue.full():
        # A slow client only needs the newest state: drop the oldest message.
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(frame)


def publish(channel: str, message: dict) -> None:
    frame = sse_frame(message)
    url = _redis_url()
    if url and time.monotonic() >= _health["retry_at"]:
        global _sync_redis
        if _sync_redis is None:
            import redis

            _sync_redis = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        try:
            _sync_redis.publish(_prefix() + channel, frame)
            return
        except Exception:  # Redis down: local subscribers still get it
            _failed("publish")
    _deliver_local(channel, frame)


async def _listen(url: str, listening: asyncio.Event) -> None:
    import redis.asyncio as aioredis

    while True:
        client = aioredis.Redis.from_url(url, socket_connect_timeout=1)
        pubsub = client.pubsub()
        try:
            prefix = _prefix()
            await pubsub.psubscribe(prefix + "*")
            await pubsub.get_message(
                timeout=1
            )  # the subscription's confirmation: from now on nothing is missed
            listening.set()
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                channel = message["channel"].decode()[len(prefix) :]
                _deliver_local(channel, message["data"])
        except asyncio.CancelledError:
            raise
        except Exception:
            listening.clear()
            _failed("subscription")
            await asyncio.sleep(1)
        finally:
            try:
                await pubsub.aclose()
                await client.aclose()
            except Exception:  # noqa: S110
                pass


def subscribe(channel: str) -> asyncio.Queue:
    """Register a queue for `channel` on the running loop (call from async code). It receives each message as
    a ready SSE frame (bytes, see sse_frame)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
    with _lock:
        _subscribers.setdefault(channel, set()).add((loop, queue))
        url = _redis_url()
        if url and (loop not in _listeners or _listeners[loop].done()):
            _listening[loop] = asyncio.Event()
            _listeners[loop] = loop.create_task(_listen(url, _listening[loop]))
    return queue


async def listening(timeout: float = 2.0) -> None:
    """Wait (a little) until this process's Redis subscription is in place, so a client that reads the state
    after subscribing misses no event published in between. Returns at once without Redis or when it is down."""
    event = _listening.get(asyncio.get_running_loop())
    if event is None or event.is_set() or not _redis_url() or degraded():
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)


def unsubscribe(channel: str, queue: asyncio.Queue) -> None:
    loop = asyncio.get_running_loop()
    with _lock:
        subscribers = _subscribers.get(channel)
        if subscribers is not None:
            subscribers.discard((loop, queue))
            if not subscribers:
                del _subscribers[channel]


def subscriber_count(channel: str) -> int:
    with _lock:
        return len(_subscribers.get(channel, ()))
