"""Group commit for the hottest write (a vote) under ASGI.

A festival hall votes within the same few seconds. Instead of one transaction (and one thread hop, and one
database connection) per vote, an async view hands its vote to `GroupCommit.submit()` and waits. The votes that
arrive while one batch is being written wait together and go, all at once, in the next batch: one transaction,
one multi-row upsert, one round trip to Redis for the rate limits. Each request is answered when its batch has
committed, so "saved" still means committed. Under little load a batch is one vote and nothing waits; under
heavy load the batches grow by themselves, so the cost per vote falls as the load rises.

The batches are written by ONE long-lived thread per server process, which keeps its database connection (taken
from the pool with PostgreSQL), instead of a new thread and a new connection per request.
"""

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import DatabaseError, connection

log = logging.getLogger(__name__)


def _run_in_writer(fn: Callable[[list], list], items: list) -> list:
    """Run one batch on the writer thread; a broken connection is closed so the next batch opens a new one."""
    try:
        return fn(items)
    except DatabaseError:
        connection.close()
        raise
    finally:
        if connection.connection is not None and connection.errors_occurred:
            connection.errors_occurred = False
            if not connection.is_usable():
                connection.close()


def _one_by_one(fn: Callable[[list], list], items: list) -> list:
    """After a batch failed as a whole (a deadlock, a row that vanished): each item alone, so only the item
    that cannot be written fails. An exception is returned in the item's place."""
    results = []
    for item in items:
        try:
            results.extend(_run_in_writer(fn, [item]))
        except Exception as exc:  # noqa: BLE001  (handed to the request that waits for this item)
            log.exception("a batched write failed on its own")
            results.append(exc)
    return results


@dataclass
class _Queue:
    pending: list = field(default_factory=list)  # (item, future)
    running: bool = False


class GroupCommit:
    """`await submit(item)` returns `fn([... item ...])[i]`, where fn(items) -> results runs on the writer
    thread with the items that arrived while the previous batch was being written (at most `max_batch`)."""

    def __init__(self, fn: Callable[[list], list], *, name: str, max_batch: Callable[[], int]):
        self.fn = fn
        self.name = name
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._queues: dict[asyncio.AbstractEventLoop, _Queue] = {}
        self.batches = 0  # counters for the benchmark and the tests
        self.items = 0

    def _writer(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
            return self._executor

    async def submit(self, item):
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues.setdefault(loop, _Queue())
        future = loop.create_future()
        queue.pending.append((item, future))
        if not queue.running:
            queue.running = True
            loop.create_task(self._drain(loop, queue))
        return await future

    async def _drain(self, loop: asyncio.AbstractEventLoop, queue: _Queue) -> None:
        try:
            while queue.pending:
                size = max(1, self.max_batch())
                batch, queue.pending = queue.pending[:size], queue.pending[size:]
                items = [item for item, _future in batch]
                try:
                    results = await loop.run_in_executor(self._writer(), _run_in_writer, self.fn, items)
                except Exception:  # noqa: BLE001
                    log.warning(
                        "a batch of %d failed; writing its items one by one", len(items), exc_info=True
                    )
                    results = await loop.run_in_executor(self._writer(), _one_by_one, self.fn, items)
                self.batches += 1
                self.items += len(items)
                for (_item, future), result in zip(batch, results, strict=True):
                    if future.done():  # the client went away
                        continue
                    if isinstance(result, BaseException):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            queue.running = False
            if not queue.pending:
                self._queues.pop(loop, None)

    def shutdown(self) -> None:
        """Close the writer's database connection and stop its thread (tests; a new one starts on demand)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.submit(_close_connection).result()
            executor.shutdown(wait=True)


def _close_connection() -> None:
    connection.close()  # this thread's connection (looked up here, in the writer thread)
