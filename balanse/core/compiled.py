"""Queries built and compiled once per process (issue 19).

Django's ORM builds and compiles a query's SQL anew at every call: for a small query that is most of its cost
(here about 0.6 ms to build and compile against 0.05 ms to run in SQLite). A query every page makes (the
session, the user, the person's roles) or a large one (a union of counts over every register) is built once
per process and database, with stand-in values in place of the caller's, and then run again with the real
values put where the stand-ins were.

A value must reach the SQL unchanged, as a parameter: a comparison with a whole number, a text or a date (a
date as the database's driver takes a date column's value: a text on SQLite, the date itself on PostgreSQL).
The stand-ins hold the characters a LIKE pattern escapes, so a value the ORM rewrites before the database sees
it (iexact, contains, startswith; a date compared with a date-and-time column) is not found among the parameters
and is refused (`NotCompilable`), instead of being replaced unescaped. The rows come back through the same converters the ORM applies (dates, times,
decimals, booleans on SQLite), so they equal what the queryset itself would give.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable


class NotCompilable(ValueError):
    """A value does not reach the SQL unchanged, as a parameter, or the queryset is not of a kind that can be
    run from its SQL alone."""


@dataclass(frozen=True)
class Plan:
    """A queryset's SQL with the positions of the caller's values among its parameters."""

    sql: str | None = None  # None: the queryset can hold no row (`.none()`, `pk__in=[]`)
    params: tuple = ()
    slots: tuple = ()  # (position in params, name of the value, whether it goes in as a date column's value)
    columns: tuple = ()  # the select's expressions, for their converters
    flat: bool = False
    kinds: tuple = ()  # (name of the value, int, str or date), as at the first call

    def run(self, values: dict) -> list:
        for name, kind in self.kinds:
            if type(values[name]) is not kind:
                raise NotCompilable(f"{name}: a {kind.__name__} at the first call, now {type(values[name])}")
        if self.sql is None:
            return []
        connection = connections[DEFAULT_DB_ALIAS]
        params = list(self.params)
        for position, name, as_date in self.slots:
            params[position] = connection.ops.adapt_datefield_value(values[name]) if as_date else values[name]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        converters = [
            (index, functions, column)
            for index, column in enumerate(self.columns)
            if (functions := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        ]
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for index, functions, column in converters:
                    value = row[index]
                    for convert in functions:
                        value = convert(value, column, connection)
                    row[index] = value
        if self.flat:
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]


_plans: dict = {}
_lock = threading.Lock()


def stand_in(name: str, value, index: int = 0):
    """The value put in place of `name`'s while the query is compiled (`index`: its place among the call's
    values, so that no two share one): unlike any real value, and (for text) holding the characters an ORM
    lookup would escape or rewrite."""
    if type(value) is date:
        return date(1001 + index, 1, 1)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise NotCompilable(
            f"{name}: only whole numbers, text and dates can be stood in for, not {type(value)}"
        )
    if isinstance(value, int):
        return -(1_900_000_000 + index)
    return f"%_\\stand-in {index} for {name}\\_%"


def _slots(params, stand_ins: dict) -> tuple:
    """Where each stand-in sits among the compiled SQL's parameters (a date's as its column's value, see
    `Plan.run`); every one must be found."""
    adapt = connections[DEFAULT_DB_ALIAS].ops.adapt_datefield_value
    slots = tuple(
        (position, name, type(value) is date)
        for position, param in enumerate(params)
        for name, value in stand_ins.items()
        if (type(param) is type(value) and param == value)
        or (type(value) is date and type(param) is type(adapt(value)) and param == adapt(value))
    )
    missing = set(stand_ins) - {slot[1] for slot in slots}
    if missing:
        raise NotCompilable(f"not a parameter of the SQL as given: {', '.join(sorted(missing))}")
    return slots


def _plan_of(queryset: QuerySet | None, stand_ins: dict) -> Plan:
    if queryset is None:
        return Plan()
    flat = queryset._iterable_class is FlatValuesListIterable
    if queryset._iterable_class not in (ValuesListIterable, FlatValuesListIterable):
        raise NotCompilable("only a values_list() queryset can be compiled once")
    if queryset.db != DEFAULT_DB_ALIAS:
        raise NotCompilable(f"the query runs on {queryset.db}, not on the default database")
    if queryset.query.is_empty():
        return Plan(flat=flat)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition that no row meets, whatever the values (`pk__in=[]`)
        return Plan(flat=flat)
    columns = tuple(select[0] for select in compiler.select[: compiler.col_count])
    if compiler.has_composite_fields(columns):
        raise NotCompilable("a composite primary key's columns are not put together here")
    return Plan(sql, tuple(params), _slots(params, stand_ins), columns, flat)


def plan(key, build: Callable[..., QuerySet | None], values: dict) -> Plan:
    """The compiled plan of `build(**values)` for `key`, made on first use in this process and database
    (`build` may answer None: a query that never has a row). The kind of each value (a whole number or a text)
    (or date) is checked here at the first call and by the plan at every later one."""
    full_key = (connections[DEFAULT_DB_ALIAS].vendor, key)
    found = _plans.get(full_key)
    if found is None:
        stand_ins = {name: stand_in(name, value, index) for index, (name, value) in enumerate(values.items())}
        kinds = tuple((name, type(value)) for name, value in stand_ins.items())
        found = replace(_plan_of(build(**stand_ins), stand_ins), kinds=kinds)
        with _lock:
            found = _plans.setdefault(full_key, found)
    return found


def rows(key, build: Callable[..., QuerySet | None], **values) -> list:
    """`list(build(**values))` for a `values_list()` queryset on the default database, with its SQL built and
    compiled once per process for `key`. `key` names everything that shapes the SQL (not the values): the same
    key must always build the same queryset from other values. Each of `values` (a whole number, a text or a date) must
    reach the database only as a parameter, unchanged; `NotCompilable` otherwise (also for a value of another
    kind at a later call: None, say, where the ORM would have written IS NULL)."""
    return plan(key, build, values).run(values)


def exists(key, build: Callable[..., QuerySet], **values) -> bool:
    """Whether `build(**values)` (a queryset) has a row, compiled once as `rows`."""
    return bool(rows(key, lambda **stand_ins: build(**stand_ins).order_by().values_list("pk")[:1], **values))


def instance(key, model, build: Callable[..., QuerySet], **values):
    """The one `model` row of `build(**values)` (a queryset of `model`, at most one row: filter on a unique
    column) as a model instance, or None; compiled once as `rows`. Every concrete field is read."""
    names = [field.attname for field in model._meta.concrete_fields]
    found = rows(key, lambda **stand_ins: build(**stand_ins).values_list(*names), **values)
    if not found:
        return None
    if len(found) > 1:
        raise model.MultipleObjectsReturned(f"{key}: {len(found)} rows, where one was expected")
    return model.from_db(DEFAULT_DB_ALIAS, names, found[0])


def forget() -> None:
    """Drop every compiled plan (a test that changes what shapes the SQL, or the database's kind)."""
    with _lock:
        _plans.clear()
