"""Several counts in one query: a page that shows how many rows each of a few querysets holds (a panel's
figures, a person's data per register) asks the database once, whatever the number of querysets."""

import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import partial, reduce
from operator import or_
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.query import ModelIterable

from balanse.core import compiled, stamps
from balanse.core.compiled import NotCompilable  # noqa: F401 (callers catch it from here too)


def _union_of_counts(querysets: dict):
    """One UNION ALL of (key's index, number of rows) per queryset that is not `.none()`, and the keys in
    index order; None when every queryset is empty."""
    parts: list[QuerySet] = []
    keys = list(querysets)
    for index, key in enumerate(keys):
        queryset = querysets[key]
        if queryset.query.is_empty():
            continue
        # A constant column says which queryset a row counts; without GROUP BY each part is exactly one row.
        # order_by() here and on the union: SQLite allows no ORDER BY in the parts of a UNION, and the union
        # would take the first model's default ordering.
        parts.append(
            queryset.order_by()
            .values(counted=Value(index, output_field=IntegerField()))
            .annotate(n=Count("pk"))
            .values_list("counted", "n")
        )
    if not parts:
        return None, keys
    return (parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]), keys


def count_each(querysets: dict) -> dict:
    """{key: number of rows} for each queryset of `querysets` (as its `.count()`), from one UNION ALL of
    counts over the querysets as subqueries (none for a queryset that is `.none()`)."""
    counts = dict.fromkeys(querysets, 0)
    # A model's rows are counted by their key alone; values() rows (distinct, grouped) as they are.
    parts = _parts(
        {
            key: queryset.values_list("pk") if queryset._iterable_class is ModelIterable else queryset
            for key, queryset in querysets.items()
        },
        columns=False,
    )
    keys = list(querysets)
    for index, n in _union_of(parts, lambda part, quote: ["COUNT(*)"]) if parts else ():
        counts[keys[index]] = n
    return counts


# A union of many counts (a person's data in every register) costs far more to build and compile in the ORM
# than to run: 42 registers took 15 ms to compile and 0.4 ms in SQLite. Such a union is compiled once per
# process (balanse.core.compiled), with stand-ins for the person's values.
_compiled_keys: dict = {}  # key -> the querysets' keys, in the order of the union's constant column


def count_each_compiled(key, build: Callable[..., dict], **values) -> dict:
    """`count_each(build(**values))` on the default database, with the query built and compiled once per
    process for `key` (`balanse.core.compiled.rows`). `key` names everything that shapes the SQL (not the
    values): the same key must always build the same querysets, in the same order, from other values. Each of
    `values` (a whole number or text) must reach the database only as a parameter, unchanged (an exact
    comparison, not iexact or contains); `NotCompilable` otherwise."""

    def union(**stand_ins):
        union, keys = _union_of_counts(build(**stand_ins))
        _compiled_keys[key] = keys
        return union

    found = compiled.rows(("count_each", key), union, **values)
    keys = _compiled_keys[key]
    counts = dict.fromkeys(keys, 0)
    for index, n in found:
        counts[keys[index]] = n
    return counts


def count_panels(panels: list) -> list:
    """Count the `counts` querysets of every `balanse.core.signals.Panel` in one query, and put each number into
    its panel's context. Returns the panels. When every panel's counts are a function of its `count_values`, the
    query is compiled once per process for the same panels in the same order (a page shows the panels the person
    may see), and its counts kept until a register changes, for the same values; when one panel gives a dict of
    querysets, every panel's querysets are built and compiled at this call, in the same one query, each time."""
    counting = [(index, panel) for index, panel in enumerate(panels) if panel.counts]

    def build(**values) -> dict:
        return {
            (index, name): queryset
            for index, panel in counting
            for name, queryset in (
                panel.counts(**{name: values[f"{index}_{name}"] for name in panel.count_values})
                if callable(panel.counts)
                else panel.counts
            ).items()
        }

    values = {
        f"{index}_{name}": value
        for index, panel in counting
        if callable(panel.counts)
        for name, value in panel.count_values.items()
    }
    if all(callable(panel.counts) for _index, panel in counting):
        key = (
            "panels",
            tuple((index, panel.template, tuple(panel.count_values)) for index, panel in counting),
        )
        # Kept until a register changes (`balanse.core.stamps`): the values are the key, so a panel whose counts
        # depend on the moment gives one that stays the same until its counts change (certification's stuck).
        counted = (
            stamps.kept(
                ("count_panels", key, tuple(sorted(values.items()))),
                partial(count_each_compiled, key, build, **values),
            )
            if counting
            else {}
        )
    else:
        counted = count_each(build(**values))
    for (index, name), number in counted.items():
        panels[index].context[name] = number
    return panels


def in_years(field: str, years) -> Q:
    """Rows whose date (or moment, in the site's time zone) `field` falls in one of `years`, as date ranges:
    consecutive years are one range. The database compares the column as it is (and can use an index on it);
    Django's `__year__in` works out the year of every row of the table first, in SQLite by a call into
    Python for each row, so a register's yearly figures took longer the more years it held."""
    years = sorted(set(years))
    if not years:
        return Q(pk__in=[])
    runs = [[years[0], years[0]]]
    for year in years[1:]:
        if year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return reduce(
        or_, (Q(**{f"{field}__year__gte": first, f"{field}__year__lte": last}) for first, last in runs)
    )


def year_of(field: str, years) -> Case:
    """Which of `years` holds the row's date (or moment, in the site's time zone) `field`, compared in SQL as
    `in_years` compares (None for a row in none of them: filter with `in_years(field, years)`). Django's
    `ExtractYear` is a call into Python for every row on SQLite, so figures grouped by it took longer the more
    rows the years held."""
    return Case(
        *(When(in_years(field, [year]), then=Value(year)) for year in sorted(set(years))),
        output_field=IntegerField(),
    )


# Grouped aggregates of several registers in one query


@dataclass
class Deferred:
    """An answer that has not asked the database yet: `querysets` ({name: values_list queryset}, e.g. grouped
    counts and sums) and `build`, which makes the answer from their rows ({name: [row tuple, ...]}). A sender
    that collects several of them runs all their querysets in one query (`resolve`)."""

    querysets: dict
    build: Callable[[dict], Any]

    def evaluate(self):
        """The answer, from its own querysets alone (one query)."""
        return self.build(rows_together(self.querysets))


def reached_by_year(rows: QuerySet, years, how: str) -> Deferred:
    """An `organisations_reached` answer from a queryset of (year, organisation id) rows: {year: [(organisation
    id, how), ...]} for each of `years`, as a Deferred."""

    def build(found: dict) -> dict[int, list[tuple[int, str]]]:
        reached: dict[int, list[tuple[int, str]]] = {year: [] for year in years}
        for year, organisation_id in sorted(found["rows"]):
            reached[year].append((organisation_id, how))
        return reached

    return Deferred({"rows": rows}, build)


def now(answer):
    """An answer that may be a Deferred, evaluated (one query) if it is."""
    return answer.evaluate() if isinstance(answer, Deferred) else answer


def then(answer, function):
    """`function(answer)`, now for an answer known, or when a Deferred answer is built."""
    if isinstance(answer, Deferred):
        return Deferred(answer.querysets, lambda rows: function(answer.build(rows)))
    return function(answer)


def combine(parts: list, build: Callable[[list], Any]) -> Deferred:
    """One Deferred of several answers (each a Deferred or a value already known), whose `build` gets the list
    of their answers in order."""
    querysets = {
        (index, name): queryset
        for index, part in enumerate(parts)
        if isinstance(part, Deferred)
        for name, queryset in part.querysets.items()
    }

    def build_all(rows: dict):
        answers = []
        for index, part in enumerate(parts):
            if isinstance(part, Deferred):
                answers.append(part.build({name: rows[(index, name)] for name in part.querysets}))
            else:
                answers.append(part)
        return build(answers)

    return Deferred(querysets, build_all)


def resolve(answers: list) -> list:
    """The answers with every Deferred among them replaced by what it builds, all their querysets run in one
    query."""
    return combine(answers, lambda built: built).evaluate()


def _columns(queryset: QuerySet) -> list[str]:
    """The names of a values()/values_list() queryset's columns, in the order its rows give them."""
    query = queryset.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if queryset._fields:
        fields = [
            *queryset._fields,
            *(name for name in query.annotation_select if name not in queryset._fields),
        ]
        if fields != names:
            return fields
    return names


_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


_TEXTS = {"CharField", "TextField", "EmailField", "SlugField", "URLField"}


def _reader(field):
    """How to read a column's value back from its text (UNION ALL gives every column as text, see
    rows_together). Other types than these are refused rather than given back as text."""
    kind = field.get_internal_type()
    if kind in _INTEGERS:
        return lambda value: int(Decimal(value))  # SQLite may give an integer sum as "2.0"
    if kind == "BooleanField":
        return lambda value: value in ("1", "t", "true", "True")
    if kind == "DecimalField":
        return Decimal
    if kind == "FloatField":
        return float
    if kind == "DateField":
        return date.fromisoformat
    if kind in _TEXTS:
        return str
    raise TypeError(f"rows_together cannot read a {kind} back from text")


@dataclass
class _Part:
    """A queryset of `rows_together` or `count_each`, compiled as a subquery of the union."""

    index: int
    db: str
    sql: str
    params: tuple
    aliases: list  # the subquery's column names, in the order of the queryset's rows
    readers: list  # how each column is read back from text


def _parts(querysets: dict, *, columns: bool = True) -> list[_Part]:
    """The querysets that may hold a row, each compiled as a subquery (`_Part`), numbered in `querysets`' order.
    `columns`: with each column's name and reader (a count needs neither)."""
    parts = [_part(index, queryset, columns) for index, queryset in enumerate(querysets.values())]
    return [part for part in parts if part is not None]


# {queryset: {(database, vendor, with columns): _Part, or False for one that can hold no row}}, for as long as
# the queryset lives.
_compiled_parts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _part(index: int, queryset: QuerySet, columns: bool = True) -> _Part | None:
    """One queryset of `rows_together` or `count_each`, compiled as a subquery; None when it can hold no row.
    The compiled part is kept on the queryset (per database and kind), so a queryset kept for the process (see
    `declared_once`) is compiled once; the queryset itself is never changed (a copy is compiled)."""
    key = (queryset.db, connections[queryset.db].vendor, columns)
    compiled = _compiled_parts.setdefault(queryset, {})
    found = compiled.get(key)
    if found is None:
        found = compiled[key] = _compile_part(queryset, columns)
    return None if found is False else replace(found, index=index)


def _compile_part(queryset: QuerySet, columns: bool) -> _Part | bool:
    if queryset.query.is_empty():
        return False
    # A slice keeps its order: it says which rows the LIMIT takes. Else no ordering, and no column an ordering
    # would add to a GROUP BY.
    queryset = queryset.all() if queryset.query.is_sliced else queryset.order_by()
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql(with_col_aliases=True)
    except EmptyResultSet:  # a condition no row meets (`pk__in=[]`)
        return False
    if not columns:
        return _Part(-1, queryset.db, sql, tuple(params), [], [])
    # The compiler's columns come in the query's order of selection (or as extra, fields, annotations); the rows
    # as the values_list() names them.
    query = queryset.query
    if query.selected is not None:
        in_sql = list(query.selected)
    else:
        in_sql = [*query.extra_select, *query.values_select, *query.annotation_select]
    selected = compiler.select[: compiler.col_count]
    aliases, readers = [], []
    for column in _columns(queryset):
        expression, _sql, alias = selected[in_sql.index(column)]
        aliases.append(alias)
        readers.append(_reader(expression.output_field))
    return _Part(-1, queryset.db, sql, tuple(params), aliases, readers)


def rows_together(querysets: dict) -> dict:
    """{name: list of row tuples} for each values()/values_list() queryset of `querysets`, grouped or not,
    from ONE UNION ALL query. Each part's columns are given as text (the parts' columns differ in type, and
    PostgreSQL wants one type per column of a UNION), padded with NULLs to the widest part, behind a constant
    that says which part a row comes from; each value is read back as its column's type (whole numbers,
    decimals, booleans, dates, text). The parts' ordering is dropped (and with it any column an ordering would
    add to a GROUP BY) except where a slice needs it: rows come in no particular order, sort them where order
    matters. An empty queryset
    (`.none()`) gives no rows and no part."""
    rows: dict = {name: [] for name in querysets}
    parts = _parts(querysets)
    if not parts:
        return rows
    width = max(len(part.readers) for part in parts)

    def texts(part: _Part, quote) -> list[str]:  # each column as text, padded with NULLs to the widest part
        columns = [f"CAST({quote(alias)} AS text)" for alias in part.aliases]
        return columns + ["CAST(NULL AS text)"] * (width - len(columns))

    names = list(querysets)
    readers_of = {part.index: part.readers for part in parts}
    for index, *values in _union_of(parts, texts):
        readers = readers_of[index]
        rows[names[index]].append(
            tuple(
                None if value is None else read(value) for value, read in zip(values, readers, strict=False)
            )
        )
    return rows


def _union_of(parts: list[_Part], columns) -> list[tuple]:
    """Run one UNION ALL of `SELECT <part's index>, <columns(part, quote_name)> FROM (<part>)` over `parts`."""
    connection = connections[parts[0].db]
    quote, sql, params = connection.ops.quote_name, [], []
    for part in parts:
        # The compiler's SQL, quoted names and a whole number: nothing typed by a person.
        selected = ", ".join(columns(part, quote))
        sql.append(f"SELECT {part.index}, {selected} FROM ({part.sql}) {quote('part')}")  # noqa: S608
        params.extend(part.params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql), params)
        return cursor.fetchall()
