"""Figures kept until the registers change (issue 19).

A figure counted from the registers (the annual figures of a year in draft, the marks' yearly counts) costs a
query whose time grows with the year's rows. It is kept in the cache under the registers' *write stamp*: one
row (`core.WriteStamp`) that the database itself changes, to a new random number, with every write to a table
of an app that answers for figures (its AppConfig says `stamp_writes = True`). The triggers are put on those
tables after every `migrate` (and a flush), so a figure can never outlive a write, however it was made: a
form, a bulk update, an import, the admin, raw SQL. The stamp changes in the writer's transaction, so a reader
sees the new stamp exactly when it can see the new rows (and a rolled-back write leaves the old stamp with the
old rows).

`kept(key, compute)` reads the stamp (one query; a GET or HEAD request takes the one read with its session,
`RequestStampMiddleware`), and answers from the cache when the same figure was computed
at that stamp, on the same database, the same day and in the same language. Otherwise it computes it, and keeps
it only if every table its queries read carries the triggers: a figure that reads another table (one added to
an app without `stamp_writes`) is computed each time, never kept stale. What changes with the time of day as
well (a line's "open now") says until when it holds with `holds_until(moment)`, and is kept no longer.
"""

import hashlib
import logging
import math
import re
import secrets
import threading
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import get_language

from balanse.core import compiled

logger = logging.getLogger(__name__)

STAMP_TABLE = "core_writestamp"
TRIGGER_PREFIX = "balanse_stamp_"
KEEP_SECONDS = 24 * 3600  # the day is in the key anyway
_ROW = 1


def stamped_app_tables() -> list[str]:
    """The tables that carry the triggers: every table (many-to-many ones too) of the apps whose AppConfig has
    `stamp_writes = True`, and of the models an app names in `stamp_writes = ("Model", …)` (with their
    many-to-many tables): an app whose people type into some tables all day stamps only the others (the
    workbook its default content, not the sections), sorted."""
    tables = set()
    for config in apps.get_app_configs():
        stamped = getattr(config, "stamp_writes", False)
        if not stamped:
            continue
        for model in config.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            named = model._meta.auto_created or model  # a many-to-many table goes with the model that has it
            if stamped is True or named.__name__ in stamped:
                tables.add(model._meta.db_table)
    return sorted(tables)


# The new stamp: a random 62-bit number (never one seen before, not even after a flush or a rollback). Every
# name put into this SQL is a constant here or a model's table name (never a value from outside).
# The stamp's row set to `value` (an SQL expression), made if a flush took it: the triggers' statement and renew()'s.
_SET_STAMP = (
    f'INSERT INTO "{STAMP_TABLE}" (id, stamp) VALUES ({_ROW}, {{value}}) '  # noqa: S608 (constants)
    "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
)
_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" BEGIN '
    + _SET_STAMP.format(value="random() >> 2")  # no braces: it stays a template for name, event and table
    + "; END"
)
POSTGRES_FUNCTION = f"{TRIGGER_PREFIX}write()"  # a restore drops it with the tables (pg_dump writes it again)
_POSTGRES_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION} RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    + _SET_STAMP.format(value="floor(random() * 4611686018427387903)::bigint")
    + "; RETURN NULL; END $$"
)
# One trigger per statement (a bulk update changes the stamp once), truncation included.
_POSTGRES_TRIGGER = (
    'CREATE OR REPLACE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
    f"FOR EACH STATEMENT EXECUTE FUNCTION {POSTGRES_FUNCTION}"
)


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Put the triggers on every stamped table of the database `using` that lacks them; returns those tables.
    Called after every `migrate` and flush (`balanse.core.receivers`): a migration that remakes a table (SQLite
    does, to alter a column) drops its triggers, and they come back here."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return []  # another database: no triggers, so nothing is ever kept (stamped_tables() is empty)
    existing = set(connection.introspection.table_names())
    if STAMP_TABLE not in existing:
        return []
    _stamped.pop(_identity(connection), None)
    have = stamped_tables(using)
    missing = [table for table in stamped_app_tables() if table in existing and table not in have]
    if missing:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_POSTGRES_FUNCTION)
                for table in missing:
                    cursor.execute(_POSTGRES_TRIGGER.format(name=f"{TRIGGER_PREFIX}{table}", table=table))
            else:
                for table in missing:
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        name = f"{TRIGGER_PREFIX}{table}_{event.lower()}"
                        cursor.execute(_SQLITE_TRIGGER.format(name=name, event=event, table=table))
        _stamped.pop(_identity(connection), None)
        stamped_tables(using)  # read again now, not in the first request that keeps a figure
    return missing


def _identity(connection) -> tuple:
    settings = connection.settings_dict
    return (
        connection.vendor,
        settings.get("HOST") or "",
        str(settings.get("PORT") or ""),
        str(settings["NAME"]),
    )


_stamped: dict[tuple, frozenset[str]] = {}  # {database: the tables that carry the triggers there}
_lock = threading.Lock()


def stamped_tables(using: str = DEFAULT_DB_ALIAS) -> frozenset[str]:
    """The tables that carry the triggers in the database `using`, as its catalogue says (read once per
    process and database; `install_triggers` reads it again)."""
    connection = connections[using]
    identity = _identity(connection)
    found = _stamped.get(identity)
    if found is None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname LIKE %s",
                    [f"{TRIGGER_PREFIX}%"],
                )
                found = frozenset(row[0] for row in cursor.fetchall())
            elif connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s "
                    "GROUP BY tbl_name HAVING COUNT(*) = 3",  # insert, update and delete
                    [f"{TRIGGER_PREFIX}%"],
                )
                found = frozenset(row[0] for row in cursor.fetchall())
            else:
                found = frozenset()
        with _lock:
            _stamped[identity] = found
    return found


def stamp(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The registers' write stamp now (one query), or None when there is none (a database just flushed):
    then nothing is kept."""
    with connections[using].cursor() as cursor:
        cursor.execute(f'SELECT stamp FROM "{STAMP_TABLE}" WHERE id = %s', [_ROW])  # noqa: S608 (a constant)
        row = cursor.fetchone()
    return row[0] if row else None


class _RequestStamp:
    """The stamp a request that only reads may answer its kept figures under: read with its session, else by
    the first figure that asks; forgotten (`value` None) at the request's first statement other than a SELECT."""

    __slots__ = ("thread", "value", "written")

    def __init__(self):
        # The statements are watched on this thread's connection: elsewhere (an async view's database calls,
        # on threads of their own) the request's stamp is not taken.
        self.thread = threading.get_ident()
        self.value: int | None = None
        self.written = False


_request: ContextVar[_RequestStamp | None] = ContextVar("balanse_stamps_request", default=None)


def _request_state() -> _RequestStamp | None:
    state = _request.get()
    return state if state is not None and state.thread == threading.get_ident() else None


def read_along_with_session():
    """The stamp as an expression the session's query reads along (`balanse.core.sessions.read_along`)."""
    from django.db.models import Subquery

    from balanse.core.models import WriteStamp

    return Subquery(WriteStamp.objects.filter(pk=_ROW).values("stamp")[:1])


def read_with_session(value: int | None) -> None:
    """The stamp the request's session was read with (`read_along_with_session`): the request's figures are
    kept under it, unless the request has written something since it started."""
    state = _request_state()
    if state is not None and not state.written and state.value is None:
        state.value = value


def _request_stamp(using: str) -> int | None:
    """The registers' write stamp for a figure of this request: the one read with the session or by an earlier
    figure, while the request (a GET or HEAD) has sent nothing but SELECTs; else read now (one query)."""
    state = _request_state()
    if state is None or using != DEFAULT_DB_ALIAS or state.written:
        return stamp(using)
    if state.value is None:
        state.value = stamp(using)
    return state.value


class RequestStampMiddleware:
    """A GET or HEAD request answers its kept figures under one stamp, read with its session (no query of its
    own) or by the first figure: a page showing figures of several registers asks for the stamp once, or not at
    all. The request's statements are watched: after one that is not a SELECT (a write, a savepoint) each figure
    reads the stamp again, as every request of another method does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        state = _RequestStamp()

        def watch(execute, sql, params, many, context):
            if not state.written and sql.lstrip()[:6].upper() != "SELECT":
                state.written, state.value = True, None
            return execute(sql, params, many, context)

        token = _request.set(state)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(watch):
                return self.get_response(request)
        finally:
            _request.reset(token)


def renew(using: str = DEFAULT_DB_ALIAS) -> None:
    """A new stamp, as a write to a register makes: after a restore, whose row holds the stamp of the day the
    backup was made, nothing kept since is taken for the restored registers."""
    with connections[using].cursor() as cursor:
        cursor.execute(_SET_STAMP.format(value="%s"), [secrets.randbits(62)])


_QUOTED = re.compile(r'"([^"]+)"')


@contextmanager
def _tables_read(connection):
    """The names of the tables the queries run inside the block name (a set, filled as they run)."""
    read: set[str] = set()
    known = set(connection.introspection.django_table_names(include_views=False))

    def record(execute, sql, params, many, context):
        read.update(name for name in _QUOTED.findall(sql) if name in known)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield read


_MISSING = object()


class Unkept:
    """What a computation returns for an answer `kept()` gives back once (its `.value`) and does not keep:
    one the computation finds it cannot keep only after making it (a page that set a cookie)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _given(value):
    return value.value if isinstance(value, Unkept) else value


@dataclass(slots=True)
class _Computing:
    """The figure being computed in this thread or task: its database, the stamp it read, and the moment it
    stops holding if something it read said so (`holds_until`)."""

    identity: tuple
    stamp: int
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Until:
    """A kept value that holds only until `moment` (in the cache no longer than that)."""

    value: object
    moment: datetime


_computing: ContextVar[_Computing | None] = ContextVar("balanse_stamps_computing", default=None)


def holds_until(moment: datetime | None) -> None:
    """Say that what is being computed holds only until `moment`, whatever the registers do: a line's “open
    now” until it closes, an activity's registration until the activity is over. `kept()` keeps it no longer
    (nor the figure or page it is part of). Outside a computation of `kept()`, and for None, nothing."""
    computing = _computing.get()
    if computing is not None and moment is not None and (computing.until is None or moment < computing.until):
        computing.until = moment


def kept(key: tuple, compute: Callable[[], object], using: str = DEFAULT_DB_ALIAS):
    """`compute()`, kept in the cache until a stamped table is written to (see the module), or until the moment
    the computation gave to `holds_until`, if sooner. `key` names the figure and everything it depends on but
    the registers' rows, the day, the language and that moment: the same key must always compute the same
    thing from the same rows at the same time. `compute` must read only from the database `using` and return
    something the cache can pickle, or `Unkept(answer)` for an answer not to keep."""
    connection = connections[using]
    identity = _identity(connection)
    outer = _computing.get()
    # Inside another figure's computation (which writes nothing) the stamp is the one that figure read.
    current = outer.stamp if outer is not None and outer.identity == identity else _request_stamp(using)
    if current is None:
        return _given(compute())
    name = repr((identity, current, timezone.localdate().isoformat(), get_language(), key))
    cache_key = f"stamped:{hashlib.sha256(name.encode()).hexdigest()}"
    found = cache.get(cache_key, _MISSING)
    if isinstance(found, _Until):
        if found.moment > timezone.now():  # the cache's own expiry counts whole seconds
            holds_until(found.moment)  # and so does the figure this one is part of
            return found.value
    elif found is not _MISSING:
        return found
    computing = _Computing(identity, current)
    token = _computing.set(computing)
    try:
        with _tables_read(connection) as read:
            value = compute()
    finally:
        _computing.reset(token)
    if isinstance(value, Unkept):
        return value.value
    until = computing.until
    holds_until(until)
    unstamped = read - stamped_tables(using) - {STAMP_TABLE}
    if unstamped:
        logger.warning("%r is not kept: it reads tables without write stamps: %s", key, sorted(unstamped))
    elif until is None:
        cache.set(cache_key, value, KEEP_SECONDS)
    else:
        seconds = math.ceil((until - timezone.now()).total_seconds())
        if seconds > 0:
            cache.set(cache_key, _Until(value, until), min(seconds, KEEP_SECONDS))
    return value


@contextmanager
def one_stamp(using: str = DEFAULT_DB_ALIAS):
    """Within the block, every `kept()` on `using` answers under the stamp read once at its start, instead of
    reading it again for each figure: a page that shows the kept figures of several apps (the operator's
    overview) asks one query for them all. Only around reads: a figure asked for after a write in the block
    would be taken from before the write."""
    outer = _computing.get()
    current = None if outer is not None else _request_stamp(using)
    if current is None:  # already under one stamp, or nothing can be kept
        yield
        return
    token = _computing.set(_Computing(_identity(connections[using]), current))
    try:
        yield
    finally:
        _computing.reset(token)


def _kept_compiled(run: Callable, key, *args, **values):
    """`run(key, *args, **values)` (a `compiled` reader) kept until a register changes, for `key` and `values`."""
    return kept((key, tuple(sorted(values.items()))), partial(run, key, *args, **values))


def kept_rows(key, build: Callable, **values) -> list:
    """`compiled.rows(key, build, **values)` kept until a register changes: the SQL compiled once per process for
    `key`, its rows kept for `key` and `values`."""
    return _kept_compiled(compiled.rows, key, build, **values)


def kept_aggregate(key, build: Callable, aggregates, **values) -> dict:
    """`compiled.aggregate(key, build, aggregates, **values)` kept until a register changes, as `kept_rows`."""
    return _kept_compiled(compiled.aggregate, key, build, aggregates, **values)
