"""Queries built and compiled once per process (issue 19).

Django's ORM builds and compiles a query's SQL anew at every call: for a small query that is most of its cost
(here about 0.6 ms to build and compile against 0.05 ms to run in SQLite). A query every page makes (the
session, the user, the person's roles) or a large one (a union of counts over every register) is built once
per process and database, with stand-in values in place of the caller's, and then run again with the real
values put where the stand-ins were.

A value must reach the SQL unchanged, as a parameter: a comparison with a whole number, a text, a date or a
moment (an aware datetime; a date or a moment goes in as the database's driver takes such a column's value: a
text on SQLite, the value itself on PostgreSQL). The stand-ins hold the characters a LIKE pattern escapes, so a
value the ORM rewrites before the database sees it (iexact, contains, startswith; a date compared with a
date-and-time column, a moment with a date column) is not found among the parameters and is refused
(`NotCompilable`), instead of being replaced unescaped. The rows come back through the same converters the ORM
applies (dates, times, decimals, booleans on SQLite), so they equal what the queryset itself would give.
"""

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.query import FlatValuesListIterable, ValuesListIterable


class NotCompilable(ValueError):
    """A value does not reach the SQL unchanged, as a parameter, or the queryset is not of a kind that can be
    run from its SQL alone."""


_serials = itertools.count()


@dataclass(frozen=True)
class Plan:
    """A queryset's SQL with the positions of the caller's values among its parameters."""

    sql: str | None = None  # None: the queryset can hold no row (`.none()`, `pk__in=[]`)
    params: tuple = ()
    slots: tuple = ()  # (position in params, name of the value, None or the function it goes in through)
    columns: tuple = ()  # the select's expressions, for their converters
    flat: bool = False
    kinds: tuple = ()  # (name of the value, int, str, date or datetime), as at the first call
    serial: int = field(default_factory=lambda: next(_serials))  # names the plan's converters on a connection

    def fits(self, values: dict) -> bool:
        """Whether every whole number fits the type the database's driver takes it as (a 64-bit integer, or the
        column's Int2/Int4 on PostgreSQL). A number that does not ("/virksomhet/99999999999999999999/") is asked
        through the ORM, which answers as the column could hold no such value, where the driver would fail."""
        limits = self.__dict__.get("limits")
        if limits is None:  # each slot's bounds, found once per plan (a page of 50 keys has 50 slots)
            limits = self.__dict__["limits"] = tuple(
                (name, 2 ** (bits - 1))
                for _position, name, how in self.slots
                for bits in (_INT_BITS.get(getattr(how, "__name__", ""), 64),)
            )
        for name, bound in limits:
            value = values[name]
            if type(value) is int and not -bound <= value < bound:
                return False
        return True

    def run(self, values: dict) -> list:
        for name, kind in self.kinds:
            if type(values[name]) is not kind:
                raise NotCompilable(f"{name}: a {kind.__name__} at the first call, now {type(values[name])}")
        if self.sql is None:
            return []
        connection = connections[DEFAULT_DB_ALIAS]
        params = list(self.params)
        for position, name, how in self.slots:
            params[position] = values[name] if how is None else how(values[name])
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        converters = self._converters(connection)
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

    def _converters(self, connection) -> list:
        """The columns' converters (dates, decimals, booleans on SQLite …), found once per plan and connection
        (a connection is one thread's)."""
        known = connection.__dict__.setdefault("_balanse_plan_converters", {})
        found = known.get(self.serial)
        if found is None:
            found = known[self.serial] = [
                (index, functions, column)
                for index, column in enumerate(self.columns)
                if (
                    functions := connection.ops.get_db_converters(column)
                    + column.get_db_converters(connection)
                )
            ]
        return found


_plans: dict = {}
_lock = threading.Lock()


def stand_in(name: str, value, index: int = 0, *, variant: int = 0, small: bool = False):
    """The value put in place of `name`'s while the query is compiled: unlike the constants a query holds, and
    (for text) holding the characters an ORM lookup would escape or rewrite. `index` (its place among the
    call's values) keeps two apart; `variant` (0 or 1) gives a second set, to check that the SQL is the same
    (see `plan`); `small`: whole numbers in the range of a small integer column."""
    if type(value) is date:
        return date(1001 + variant * 500 + index, 1, 1)
    if type(value) is datetime:
        if value.tzinfo is None:
            raise NotCompilable(f"{name}: a moment without a time zone")
        return datetime(1001 + variant * 500 + index, 1, 1, 12, tzinfo=UTC)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise NotCompilable(
            f"{name}: only whole numbers, text, dates and moments can be stood in for, not {type(value)}"
        )
    if isinstance(value, int):
        return (30_000 + variant * 1_000 if small else 1_900_000_000 + variant * 1_000_000) + index
    return f"%_\\stand-in {variant}.{index} for {name}\\_%"


def _how(param, value):
    """How the value stood in for by `value` goes in as the SQL's parameter `param`: None (as it is), a function
    that makes the parameter of it, or False when `param` is not where it goes. A date goes in as its column's
    value (see `Plan.run`); a whole number as the driver's type for its column where the backend gives one
    (PostgreSQL's Int2, Int4 and Int8 from psycopg, subclasses of int)."""
    if type(value) in (date, datetime):
        ops = connections[DEFAULT_DB_ALIAS].ops
        adapt = ops.adapt_datefield_value if type(value) is date else ops.adapt_datetimefield_value
        adapted = adapt(value)
        if type(param) is type(adapted) and param == adapted:
            return adapt
        return False
    if type(param) is type(value) and param == value:
        return None
    if type(value) is int and isinstance(param, int) and not isinstance(param, bool) and param == value:
        return type(param)
    return False


def _slots(params, stand_ins: dict) -> tuple:
    """Where each stand-in sits among the compiled SQL's parameters, and how the value goes in (`_how`); every
    one must be found."""
    slots = tuple(
        (position, name, how)
        for position, param in enumerate(params)
        for name, value in stand_ins.items()
        if (how := _how(param, value)) is not False
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


def _stand_ins(values: dict, variant: int, small: bool) -> dict:
    return {
        name: stand_in(name, value, index, variant=variant, small=small)
        for index, (name, value) in enumerate(values.items())
    }


def _compiled(key, build, values: dict) -> Plan:
    """The plan of `build` with stand-ins, checked against a second set: the same SQL, the same parameters but
    where the values go (so a value that shapes the SQL, or a constant that happens to equal a stand-in, is
    refused). Whole numbers stand in large first; where the ORM answers without asking the database for a
    number out of a small integer column's range ("no row", or every row: the condition is dropped and its
    stand-in not found), small ones."""
    if len(values) > 500:
        raise NotCompilable(f"{key}: more values than stand-ins")
    for small in (False, True):
        first, second = _stand_ins(values, 0, small), _stand_ins(values, 1, small)
        try:
            found = _plan_of(build(**first), first)
        except NotCompilable:
            if small or not values:
                raise
            continue  # a condition the ORM drops for a number past its column's range (lte: every row)
        if found.sql is None and values and _plan_of(build(**values), {}).sql is not None:
            continue  # out of a column's range: no row
        other = _plan_of(build(**second), second)
        kept = [index for index in range(len(found.params)) if index not in {slot[0] for slot in found.slots}]
        if (
            other.sql != found.sql
            or [slot[:2] for slot in other.slots] != [slot[:2] for slot in found.slots]
            or len(other.params) != len(found.params)
            or any(other.params[index] != found.params[index] for index in kept)
        ):
            raise NotCompilable(f"{key}: the SQL is not the same for other values")
        return replace(found, kinds=tuple((name, type(value)) for name, value in first.items()))
    raise NotCompilable(f"{key}: a stand-in is out of its column's range")


def plan(key, build: Callable[..., QuerySet | None], values: dict) -> Plan:
    """The compiled plan of `build(**values)` for `key`, made on first use in this process and database
    (`build` may answer None: a query that never has a row). The kind of each value (a whole number, a text or
    a date) is checked here at the first call and by the plan at every later one."""
    full_key = (connections[DEFAULT_DB_ALIAS].vendor, key)
    found = _plans.get(full_key)
    if found is None:
        found = _compiled(key, build, values)
        with _lock:
            found = _plans.setdefault(full_key, found)
    return found


_INT_BITS = {"Int2": 16, "Int4": 32, "Int8": 64}  # psycopg's types of a whole number, by name


def rows(key, build: Callable[..., QuerySet | None], **values) -> list:
    """`list(build(**values))` for a `values_list()` queryset on the default database, with its SQL built and
    compiled once per process for `key`. `key` names everything that shapes the SQL (not the values): the same
    key must always build the same queryset from other values. Each of `values` (a whole number, a text, a date or
    an aware datetime) must reach the database only as a parameter, unchanged; `NotCompilable` otherwise (also for
    a value of another kind at a later call: None, say, where the ORM would have written IS NULL)."""
    found = plan(key, build, values)
    if not found.fits(values):
        queryset = build(**values)
        return [] if queryset is None else list(queryset)
    return found.run(values)


def exists(key, build: Callable[..., QuerySet], **values) -> bool:
    """Whether `build(**values)` (a queryset) has a row, compiled once as `rows`."""
    return bool(rows(key, lambda **stand_ins: build(**stand_ins).order_by().values_list("pk")[:1], **values))


def aggregate(key, build: Callable[..., QuerySet], aggregates: dict | Callable[..., dict], **values) -> dict:
    """`build(**values).aggregate(**aggregates)`, compiled once as `rows`: the aggregates are asked as the one
    row of a query without GROUP BY (grouped by a constant, which no database groups by), so a queryset without
    rows still gives one row, of counts 0 and the sums' defaults. `aggregates` may be a function of the values,
    like `build`, for aggregates whose conditions hold them. A queryset that can hold no row whatever the values
    (`pk__in=[]`) is asked through the ORM."""

    def of(**given) -> dict:
        return aggregates(**given) if callable(aggregates) else aggregates

    def one_row(**stand_ins):
        asked = of(**stand_ins)
        return (
            build(**stand_ins)
            .order_by()
            .annotate(_one_row=Value(1))
            .values("_one_row")
            .annotate(**asked)
            .values_list(*asked)
        )

    found = rows(key, one_row, **values)
    if not found:
        return build(**values).aggregate(**of(**values))
    return dict(zip(of(**values) if callable(aggregates) else aggregates, found[0], strict=True))


def instances(
    key, model, build: Callable[..., QuerySet], *, annotations: tuple = (), related: tuple = (), **values
) -> list:
    """The `model` rows of `build(**values)` (a queryset of `model`, in its order) as model instances, with
    each of `annotations` (names the queryset annotates) set on them, and each foreign key of `related` read
    along (as select_related would: None where there is none); compiled once as `rows`. Every concrete field
    is read."""
    parts = [("", model)] + [(name, model._meta.get_field(name).related_model) for name in related]
    paths = [
        f"{prefix}__{field.name}" if prefix else field.name
        for prefix, part in parts
        for field in part._meta.concrete_fields
    ]
    found = rows(key, lambda **stand_ins: build(**stand_ins).values_list(*paths, *annotations), **values)
    shapes = [
        (prefix, part, [field.attname for field in part._meta.concrete_fields]) for prefix, part in parts
    ]
    objects = []
    for row in found:
        position, instance = 0, None
        for prefix, part, names in shapes:
            values_of = row[position : position + len(names)]
            position += len(names)
            if not prefix:
                instance = part.from_db(DEFAULT_DB_ALIAS, names, values_of)
            else:  # kept as select_related keeps it; a key not set gives None (its outer-joined row is)
                pk = values_of[names.index(part._meta.pk.attname)]
                related_object = None if pk is None else part.from_db(DEFAULT_DB_ALIAS, names, values_of)
                model._meta.get_field(prefix).set_cached_value(instance, related_object)
        for name, value in zip(annotations, row[position:], strict=True):
            setattr(instance, name, value)
        objects.append(instance)
    return objects


def one_text(rows: QuerySet, group: str, *parts):
    """A few rows read along in the outer query's own row, as one text column: `rows` (filtered on the outer
    query's `OuterRef`, on the column `group`), each row's `parts` (paths and `Value`s) put together, the rows
    joined by "," in no set order, "" for none. No part may hold a ","."""
    return Coalesce(
        Subquery(
            rows.order_by()
            .values(group)
            .annotate(text=StringAgg(Concat(*parts, output_field=CharField()), Value(",")))
            .values("text")
        ),
        Value(""),
        output_field=CharField(),
    )


def numbered(name: str, values) -> dict:
    """{name0: first, name1: second, …}: the values of an `__in` as named values for `rows`, whose key then holds
    how many there are (the SQL has a parameter for each)."""
    return {f"{name}{index}": value for index, value in enumerate(values)}


def first(
    key, model, build: Callable[..., QuerySet], *, annotations: tuple = (), related: tuple = (), **values
):
    """The first `model` row of `build(**values)` (an ordered queryset of `model`) as a model instance, as
    `.first()` gives it, or None; compiled once as `instances`."""
    found = instances(
        key, model, lambda **given: build(**given)[:1], annotations=annotations, related=related, **values
    )
    return found[0] if found else None


def instance(key, model, build: Callable[..., QuerySet], **values):
    """The one `model` row of `build(**values)` (a queryset of `model`, at most one row: filter on a unique
    column) as a model instance, or None; compiled once as `rows`. Every concrete field is read."""
    found = instances(key, model, build, **values)
    if not found:
        return None
    if len(found) > 1:
        raise model.MultipleObjectsReturned(f"{key}: {len(found)} rows, where one was expected")
    return found[0]


def forget() -> None:
    """Drop every compiled plan (a test that changes what shapes the SQL, or the database's kind)."""
    with _lock:
        _plans.clear()
