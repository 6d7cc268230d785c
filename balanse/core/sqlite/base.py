"""SQLite whose connections outlive the request (the embedded default's answer to issue 19).

Under uvicorn Django runs every request's sync code in a thread of its own, and a connection belongs to the
thread that opened it, so `CONN_MAX_AGE` can never keep one: each request opened a new SQLite connection
(open the file, register Django's functions, run the PRAGMAs, read the schema again), which cost more than
the page's own queries. This backend keeps a few idle connections per database file in the process: a
request's "close" hands a clean connection (no open transaction, no error) back, and the next request's
"connect" takes it instead of opening a new one. SQLite connections may move between threads (Django opens
them with `check_same_thread=False`), and only one thread uses a connection at a time: the one whose
DatabaseWrapper holds it.

A connection is tied to the file it opened (device and inode): when the file is replaced (a restore, a test
database created again) the idle connections to the old one are closed, never reused. In-memory databases
are never pooled (Django never closes them).
"""

import contextlib
import os
import threading

from django.db.backends.sqlite3 import base

IDLE_PER_FILE = 8  # at most this many idle connections kept per database file

_lock = threading.Lock()
_idle: dict[str, tuple[tuple[int, int], list]] = {}  # path -> ((device, inode), idle connections)


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _close_quietly(connections: list) -> None:
    for connection in connections:
        with contextlib.suppress(Exception):  # a connection to a file that is gone: nothing to keep
            connection.close()


def _take(path: str):
    identity = _file_identity(path)
    stale: list = []
    connection = None
    with _lock:
        entry = _idle.get(path)
        if entry is not None:
            if entry[0] != identity:  # the file was replaced: its old connections are of no use
                stale = entry[1]
                del _idle[path]
            elif entry[1]:
                connection = entry[1].pop()
    _close_quietly(stale)
    return connection


def _give_back(path: str, identity: tuple[int, int] | None, connection) -> bool:
    if identity is None or _file_identity(path) != identity:
        return False
    with _lock:
        entry = _idle.get(path)
        if entry is None or entry[0] != identity:
            stale = entry[1] if entry else []
            entry = _idle[path] = (identity, [])
        else:
            stale = []
        kept = len(entry[1]) < IDLE_PER_FILE
        if kept:
            entry[1].append(connection)
    _close_quietly(stale)
    return kept


def close_idle() -> None:
    """Close every idle connection of this process (the tests start each case with an empty pool; a replaced
    file needs nothing: its connections are closed when the next one is asked for)."""
    with _lock:
        idle = [connection for _identity, connections in _idle.values() for connection in connections]
        _idle.clear()
    _close_quietly(idle)


class DatabaseWrapper(base.DatabaseWrapper):
    _file: tuple[str, tuple[int, int] | None] | None = None

    def get_new_connection(self, conn_params):
        path = None if self.is_in_memory_db() else str(conn_params["database"])
        if path is not None:
            connection = _take(path)
            if connection is not None:
                # What a bulk load may have switched off is on again for the next user of the connection.
                connection.execute("PRAGMA foreign_keys = ON")
                self._file = (path, _file_identity(path))
                return connection
        connection = super().get_new_connection(conn_params)
        self._file = (path, _file_identity(path)) if path is not None else None
        return connection

    def _close(self):
        connection, file = self.connection, self._file
        self._file = None
        if (
            connection is not None
            and file is not None
            and not self.in_atomic_block
            and not connection.in_transaction
            and not self.errors_occurred
            and _give_back(file[0], file[1], connection)
        ):
            return None
        return super()._close()
