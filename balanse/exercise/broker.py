"""Fan-out of live events to the push (SSE) connections.

Without REDIS_URL: in-process — every subscriber is an asyncio.Queue on its event loop; publish() may be called
from any thread (sync views run in a thread pool) and hands the message to each loop thread-safely.
With REDIS_URL: publish() sends to Redis pub/sub; each server process has ONE Redis subscription (a pattern on
all exercise channels, redis.asyncio) that feeds its local queues, so several processes share a session.
"""

import asyncio
import contextlib
import json
import logging
import threading

from django.conf import settings

log = logging.getLogger(__name__)

QUEUE_SIZE = 100

_lock = threading.Lock()
_subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = {}
_listeners: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}
_sync_redis = None


def participants_channel(session_id: int) -> str:
    return f"{session_id}:all"


def screen_channel(session_id: int) -> str:
    return f"{session_id}:screen"


def _prefix() -> str:
    return getattr(settings, "EXERCISE_CHANNEL_PREFIX", "balanse:exercise:")


def _redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


def sse_frame(data: str) -> bytes:
    """One server-sent event, encoded once and written as the same bytes to every connection."""
    return f"data: {data}\n\n".encode()


def _deliver_local(channel: str, data: str) -> None:
    """Hand one message to every local queue of `channel`: serialised once, and one wake-up per event loop
    (not one per subscriber: 5,000 call_soon_threadsafe calls would each write to the loop's self-pipe)."""
    with _lock:
        targets = list(_subscribers.get(channel, ()))
    if not targets:
        return
    frame = sse_frame(data)
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
    data = json.dumps(message)
    url = _redis_url()
    if url:
        global _sync_redis
        if _sync_redis is None:
            import redis

            _sync_redis = redis.Redis.from_url(url)
        try:
            _sync_redis.publish(_prefix() + channel, data)
            return
        except Exception:  # Redis down: local subscribers still get it
            log.exception("could not publish to Redis; delivering in this process only")
    _deliver_local(channel, data)


async def _listen(url: str) -> None:
    import redis.asyncio as aioredis

    while True:
        client = aioredis.Redis.from_url(url)
        pubsub = client.pubsub()
        try:
            prefix = _prefix()
            await pubsub.psubscribe(prefix + "*")
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                channel = message["channel"].decode()[len(prefix) :]
                _deliver_local(channel, message["data"].decode())
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("Redis subscription lost; reconnecting")
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
            _listeners[loop] = loop.create_task(_listen(url))
    return queue


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
