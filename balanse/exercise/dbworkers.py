"""A few long-lived threads for the database work of the hottest request (a vote) under ASGI.

Django runs each ASGI request's sync code in a thread of its own (asgiref's ThreadSensitiveContext), and a
database connection belongs to its thread: every vote would open a new PostgreSQL connection, log in and close
it again, which costs more than the vote itself. The vote view hands its database work to these threads
instead, whose connections stay open; the request still waits for the result, so an answer means "committed".
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import translation

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _workers() -> int:
    return max(1, settings.EXERCISE_DB_WORKERS)


def _executor_for_process() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="exercise-db")
        return _executor


def _run(language, fn, args, kwargs):
    try:
        with translation.override(language):  # messages in the language of the request that waits
            return fn(*args, **kwargs)
    except DatabaseError:
        # A broken or half-finished connection must not serve the next job: reconnect lazily next time.
        connection.close()
        raise
    finally:
        if connection.connection is not None and connection.errors_occurred:
            connection.errors_occurred = False
            if not connection.is_usable():
                connection.close()


def run(fn, /, *args, **kwargs):
    """Run fn(*args, **kwargs) in a worker thread with a persistent connection and wait for its result
    (exceptions are re-raised here)."""
    return _executor_for_process().submit(_run, translation.get_language(), fn, args, kwargs).result()


def _close_and_wait(barrier: threading.Barrier) -> None:
    connection.close()
    barrier.wait(timeout=10)


def shutdown() -> None:
    """Close every worker's database connection and stop the threads (tests; a new pool starts on demand)."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    workers = executor._max_workers
    barrier = threading.Barrier(workers)
    # Each job waits at the barrier until all are running, so each runs on a different thread.
    for future in [executor.submit(_close_and_wait, barrier) for _ in range(workers)]:
        future.result()
    executor.shutdown(wait=True)
