"""The embedded default's SQLite connections outlive the request (issue 19): a clean connection closed by one
request thread is taken by the next, instead of opening the file and registering Django's functions again;
one in a transaction, after an error, or to a file that has been replaced is never handed on."""

import sqlite3
import threading

import pytest
from django.db.utils import ConnectionHandler

from balanse.core.sqlite import base as pool


@pytest.fixture(autouse=True)
def _empty_pool(django_db_blocker):
    """Each test has a pool of its own, and its own database files (not the test database)."""
    pool.close_idle()
    with django_db_blocker.unblock():
        yield
    pool.close_idle()


def _in_a_new_thread(handler: ConnectionHandler, work):
    """Like a request under uvicorn: a thread of its own, hence a DatabaseWrapper (and a connection) of its
    own, closed when the request ends."""
    result = {}

    def run():
        wrapper = handler["p"]
        wrapper.ensure_connection()
        result["raw"] = wrapper.connection
        result["value"] = work(wrapper)
        wrapper.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result


def _handler(path) -> ConnectionHandler:
    return ConnectionHandler(
        {
            "default": {"ENGINE": "django.db.backends.dummy"},
            "p": {"ENGINE": "balanse.core.sqlite", "NAME": str(path)},
        }
    )


def _is_closed(raw) -> bool:
    try:
        raw.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_the_next_request_thread_takes_the_connection_the_last_one_closed(tmp_path):
    handler = _handler(tmp_path / "db.sqlite3")
    first = _in_a_new_thread(handler, lambda w: w.cursor().execute("CREATE TABLE t (a)"))
    second = _in_a_new_thread(handler, lambda w: w.cursor().execute("SELECT count(*) FROM t").fetchone())
    assert second["raw"] is first["raw"]
    assert second["value"] == (0,)
    # Django's functions and PRAGMAs are still there on the reused connection.
    third = _in_a_new_thread(handler, lambda w: w.cursor().execute("PRAGMA foreign_keys").fetchone())
    assert third["value"] == (1,)


def test_a_connection_left_in_a_transaction_is_closed_not_handed_on(tmp_path):
    handler = _handler(tmp_path / "db.sqlite3")
    _in_a_new_thread(handler, lambda w: w.cursor().execute("CREATE TABLE t (a)"))

    def begin_and_leave(wrapper):
        wrapper.connection.execute("BEGIN")
        wrapper.connection.execute("INSERT INTO t VALUES (1)")

    left = _in_a_new_thread(handler, begin_and_leave)
    assert _is_closed(left["raw"])
    after = _in_a_new_thread(handler, lambda w: w.cursor().execute("SELECT count(*) FROM t").fetchone())
    assert after["raw"] is not left["raw"]
    assert after["value"] == (0,)  # the unfinished insert was never committed by someone else


def test_a_connection_that_saw_an_error_is_closed(tmp_path):
    handler = _handler(tmp_path / "db.sqlite3")

    def fail(wrapper):
        with pytest.raises(Exception):  # noqa: B017, PT011  (any database error)
            wrapper.cursor().execute("SELECT * FROM no_such_table")
        return wrapper.errors_occurred

    failed = _in_a_new_thread(handler, fail)
    assert failed["value"] is True
    assert _is_closed(failed["raw"])


def test_connections_to_a_replaced_file_are_never_reused(tmp_path):
    path = tmp_path / "db.sqlite3"
    handler = _handler(path)
    old = _in_a_new_thread(handler, lambda w: w.cursor().execute("CREATE TABLE old (a)"))
    path.unlink()  # a restore or a test database made again: a new file under the same name
    fresh = sqlite3.connect(path)
    fresh.execute("CREATE TABLE new (a)")
    fresh.commit()
    fresh.close()
    new = _in_a_new_thread(handler, lambda w: w.cursor().execute("SELECT name FROM sqlite_master").fetchall())
    assert new["raw"] is not old["raw"]
    assert new["value"] == [("new",)]
    assert _is_closed(old["raw"])


def test_at_most_a_few_idle_connections_are_kept_per_file(tmp_path):
    handler = _handler(tmp_path / "db.sqlite3")
    wrappers, raws = [], []
    barrier = threading.Barrier(pool.IDLE_PER_FILE + 2)

    def hold():
        wrapper = handler["p"]
        wrapper.ensure_connection()
        raws.append(wrapper.connection)
        barrier.wait()  # all open at once, like a burst of requests
        wrappers.append(wrapper)
        wrapper.close()

    threads = [threading.Thread(target=hold) for _ in range(pool.IDLE_PER_FILE + 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = [raw for raw in raws if not _is_closed(raw)]
    assert len(kept) == pool.IDLE_PER_FILE


def test_in_memory_databases_are_not_pooled():
    handler = _handler(":memory:")
    wrapper = handler["p"]
    wrapper.ensure_connection()
    assert wrapper._file is None
    wrapper.connection.close()


def test_the_embedded_database_writes_ahead_and_syncs_at_checkpoints():
    """The embedded default's connections (settings): write-ahead log, `synchronous=NORMAL` (a commit is not
    synced on its own; the log is, at each checkpoint), and writers that wait for each other."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL (FULL is 2, SQLite's default)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
