"""Several counts in one query (core/counts.py), grouped aggregates of several querysets in one UNION ALL
(rows_together, Deferred answers), and answers for several years read together (permissions.memo_many,
memo_deferred)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import BooleanField, Count, DateField, DecimalField, IntegerField, Q, Value
from django.test.utils import CaptureQueriesContext

from balanse.core.counts import (
    Deferred,
    NotCompilable,
    combine,
    count_each,
    count_each_compiled,
    count_panels,
    now,
    resolve,
    rows_together,
)
from balanse.core.models import User
from balanse.core.permissions import PermissionCacheMiddleware, forget_declared, memo_deferred, memo_many
from balanse.core.signals import Panel
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_declared():
    forget_declared()
    yield
    forget_declared()


def test_count_each_counts_every_queryset_in_one_query():
    UserFactory.create_batch(3)
    OperatorFactory.create_batch(2)
    with CaptureQueriesContext(connection) as ctx:
        counts = count_each(
            {
                "all": User.objects.all(),
                "staff": User.objects.filter(is_staff=True),
                "nobody": User.objects.filter(email="nobody@example.org"),
                "none": User.objects.none(),
                "no_row": User.objects.filter(pk__in=[]),
                "first_two": User.objects.order_by("email")[:2],
                "distinct_languages": User.objects.values("language").distinct(),
                "grouped": User.objects.values("is_staff").annotate(n=Count("pk")),
            }
        )
    assert counts == {
        "all": 5,
        "staff": 2,
        "nobody": 0,
        "none": 0,
        "no_row": 0,
        "first_two": 2,
        "distinct_languages": User.objects.values("language").distinct().count(),
        "grouped": 2,
    }
    assert len(ctx.captured_queries) == 1


def _people_named(email: str = "", user_id: int | None = None) -> dict:
    """Querysets whose SQL takes the address and the id only as exact parameters (see count_each_compiled)."""
    from django.db.models.functions import Lower
    from django.db.models.lookups import Exact

    return {
        "address": User.objects.filter(Exact(Lower("email"), email)),
        "account": User.objects.filter(pk=user_id),
        "staff": User.objects.filter(is_staff=True),
    }


def test_count_each_compiled_builds_once_and_counts_each_call_with_its_own_values():
    first = UserFactory(email="Kari_Nordmann@example.org")
    second = UserFactory(email="per@example.org")
    OperatorFactory()
    builds = []

    def build(**values):
        builds.append(values)
        return _people_named(**values)

    key = ("test", "people named")
    counts = count_each_compiled(key, build, email="kari_nordmann@example.org", user_id=second.pk)
    assert counts == {"address": 1, "account": 1, "staff": 1}
    with CaptureQueriesContext(connection) as ctx:
        again = count_each_compiled(key, build, email="per@example.org", user_id=first.pk)
        # "_" and "%" are not wildcards: the address is compared as it is, not as a LIKE pattern.
        wildcard = count_each_compiled(key, build, email="kari%nordmann@example.org", user_id=0)
        underscore = count_each_compiled(key, build, email="karixnordmann@example.org", user_id=0)
    assert again == {"address": 1, "account": 1, "staff": 1}
    assert wildcard == underscore == {"address": 0, "account": 0, "staff": 1}
    assert len(ctx.captured_queries) == 3
    assert len(builds) == 2  # built and compiled once, with two sets of stand-ins, not the values asked for
    assert "kari_nordmann@example.org" not in (builds[0]["email"], builds[1]["email"])
    assert counts == count_each(_people_named(email="kari_nordmann@example.org", user_id=second.pk))


def test_count_each_compiled_refuses_a_value_the_orm_rewrites():
    """contains and startswith put the value into a LIKE pattern (escaped, with % added) on both databases;
    iexact does on SQLite only, so it is left out here."""

    def build(email: str):
        return {"address": User.objects.filter(email__contains=email)}

    with pytest.raises(NotCompilable, match="email"):
        count_each_compiled(("test", "contains"), build, email="ola@example.org")

    def build_startswith(name: str):
        return {"name": User.objects.filter(full_name__startswith=name)}

    with pytest.raises(NotCompilable, match="name"):
        count_each_compiled(("test", "startswith"), build_startswith, name="Ola")


def test_count_panels_puts_each_number_in_its_panel():
    OperatorFactory()
    panels = [
        Panel("a.html", {"year": 2020}, counts={"people": User.objects.all()}),
        Panel("b.html"),
        Panel("c.html", counts={"staff": User.objects.filter(is_staff=True), "none": User.objects.none()}),
    ]
    count_panels(panels)
    assert [panel.context for panel in panels] == [{"year": 2020, "people": 1}, {}, {"staff": 1, "none": 0}]


def test_count_panels_with_declared_counts_compiles_once_and_counts_each_call_with_its_values():
    from datetime import UTC, datetime

    from balanse.core import compiled

    compiled.forget()
    UserFactory(date_joined=datetime(2024, 6, 1, tzinfo=UTC), is_staff=True)
    UserFactory(date_joined=datetime(2025, 6, 1, tzinfo=UTC))
    UserFactory(date_joined=datetime(2026, 6, 1, tzinfo=UTC), email="ny@example.org")

    built = []

    def joined(*, since, email):
        built.append(since)
        return {
            "since": User.objects.filter(date_joined__gte=since),
            "named": User.objects.filter(email=email),
        }

    def staff():
        return {"staff": User.objects.filter(is_staff=True)}

    def panels(since, email, *, with_a_dict):
        return [
            Panel("a.html", {"year": 2020}, counts=joined, count_values={"since": since, "email": email}),
            Panel("b.html", counts={"people": User.objects.all()} if with_a_dict else dict),
            Panel("c.html", counts=staff),
            Panel("d.html", {"none": True}),
        ]

    for with_a_dict in (False, True):
        built.clear()
        for since, email in [
            (datetime(2025, 1, 1, tzinfo=UTC), "ny@example.org"),
            (datetime(2026, 1, 1, tzinfo=UTC), "ingen@example.org"),
            (datetime(2020, 1, 1, tzinfo=UTC), "ny@example.org"),
        ]:
            with CaptureQueriesContext(connection) as queries:
                counted = count_panels(panels(since, email, with_a_dict=with_a_dict))
            counting = [query for query in queries if "core_writestamp" not in query["sql"]]
            assert len(counting) == 1  # every panel's counts in one query, either way (users: never kept)
            expected = {
                "since": User.objects.filter(date_joined__gte=since),
                "named": User.objects.filter(email=email),
            }
            assert [panel.context for panel in counted] == [
                {"year": 2020, "since": expected["since"].count(), "named": expected["named"].count()},
                {"people": 3} if with_a_dict else {},
                {"staff": 1},
                {"none": True},
            ]
        # Declared panels alone: built once with each set of stand-ins, at the first call; with a dict among
        # them, every panel's querysets are built at each call.
        assert len(built) == (3 if with_a_dict else 2)
    assert [
        panel.context["since"]
        for panel in count_panels(panels(datetime(2025, 1, 1, tzinfo=UTC), "", with_a_dict=False))[:1]
    ] == [2]
    compiled.forget()


def test_declared_counts_of_registers_are_kept_until_a_register_changes_for_the_same_values():
    from balanse.organisations.models import Organisation

    Organisation.objects.create(name="Scene Vest", municipality="Bergen")

    def by_place(*, municipality):
        return {"here": Organisation.objects.filter(municipality=municipality)}

    def counted(municipality):
        panel = Panel("a.html", counts=by_place, count_values={"municipality": municipality})
        with CaptureQueriesContext(connection) as queries:
            count_panels([panel])
        return panel.context["here"], len(queries)

    assert counted("Bergen") == (1, 2)  # the stamp, then the count
    assert counted("Bergen") == (1, 1)  # kept: the stamp only
    assert counted("Bodø") == (0, 2)  # other values: counted
    Organisation.objects.create(name="Scene Nord", municipality="Bergen")
    assert counted("Bergen") == (2, 2)  # a write: counted again


def test_memo_many_reads_the_years_together_in_a_request_and_alone_outside():
    asked = []

    def compute(years):
        asked.append(list(years))
        return {year: {"year": year} for year in years}

    assert memo_many("test", 2020, (2019,), compute) == {"year": 2020}
    assert asked == [[2020]]  # outside a request: only the year asked for

    asked.clear()

    def page(request):
        first = memo_many("test", 2020, (2019,), compute)
        first["changed"] = True  # a copy: what the next caller gets is not changed
        return [first, memo_many("test", 2019, (2020,), compute), memo_many("test", 2020, (), compute)]

    answers = PermissionCacheMiddleware(page)(None)
    assert asked == [[2020, 2019]]
    assert answers == [{"year": 2020, "changed": True}, {"year": 2019}, {"year": 2020}]


def test_rows_together_reads_grouped_querysets_of_any_width_in_one_query_with_their_types():
    UserFactory.create_batch(3, language="nb")
    OperatorFactory.create_batch(2, language="en")
    querysets = {
        "by_language": User.objects.order_by()
        .values_list("language")
        .annotate(n=Count("pk"), staff=Count("pk", filter=Q(is_staff=True))),
        "flags": User.objects.order_by().values_list("is_staff").distinct(),
        "constants": User.objects.order_by()
        .values_list(
            Value(Decimal("2.5"), output_field=DecimalField(max_digits=5, decimal_places=1)),
            Value(date(2020, 5, 17), output_field=DateField()),
            Value(True, output_field=BooleanField()),
        )
        .distinct(),
        "nobody": User.objects.filter(email="nobody@example.org").values_list("email"),
        "none": User.objects.none(),
    }
    with CaptureQueriesContext(connection) as ctx:
        rows = rows_together(querysets)
    assert len(ctx.captured_queries) == 1
    assert sorted(rows["by_language"]) == [("en", 2, 2), ("nb", 3, 0)]
    assert sorted(rows["flags"]) == [(False,), (True,)]
    assert rows["constants"] == [(Decimal("2.5"), date(2020, 5, 17), True)]
    assert rows["nobody"] == [] and rows["none"] == []
    # Each part gives what it gives alone.
    for name in ("by_language", "flags"):
        assert sorted(rows[name]) == sorted(querysets[name])


def test_rows_together_takes_a_limit_a_condition_no_row_meets_and_columns_in_any_order():
    UserFactory.create_batch(3, language="nb")
    UserFactory(language="en")
    querysets = {
        "first_two": User.objects.order_by("email").values_list("email")[:2],
        "no_row": User.objects.filter(pk__in=[]).values_list("email"),
        "counted_first": User.objects.order_by()
        .values("language")
        .annotate(n=Count("pk"))
        .values_list("n", "language"),
        "expression_between": User.objects.filter(language="en").values_list(
            "language", Value(7, output_field=IntegerField()), "email"
        ),
    }
    with CaptureQueriesContext(connection) as ctx:
        rows = rows_together(querysets)
    assert len(ctx.captured_queries) == 1
    assert sorted(rows["first_two"]) == list(querysets["first_two"])  # the two its order takes
    assert rows["no_row"] == []
    assert sorted(rows["counted_first"]) == [(1, "en"), (3, "nb")] == sorted(querysets["counted_first"])
    assert rows["expression_between"] == list(querysets["expression_between"])


def test_rows_together_refuses_a_column_it_cannot_read_back():
    with pytest.raises(TypeError):
        rows_together({"joined": User.objects.values_list("date_joined")})


def test_deferred_answers_are_resolved_together_in_one_query():
    UserFactory.create_batch(2)
    OperatorFactory()

    def staff_count(staff: bool) -> Deferred:
        rows = User.objects.filter(is_staff=staff).order_by().values_list(Value(0)).annotate(n=Count("pk"))
        return Deferred({"rows": rows}, lambda found: {"staff" if staff else "others": found["rows"][0][1]})

    with CaptureQueriesContext(connection) as ctx:
        answers = resolve([staff_count(True), {"known": 1}, None, staff_count(False)])
    assert answers == [{"staff": 1}, {"known": 1}, None, {"others": 2}]
    assert len(ctx.captured_queries) == 1
    assert now(staff_count(True)) == {"staff": 1} and now({"known": 1}) == {"known": 1}


def test_memo_deferred_reads_the_years_together_in_a_request_and_alone_outside():
    asked = []

    def declare(years):
        asked.append(list(years))
        rows = User.objects.order_by().values_list(Value(0)).annotate(n=Count("pk"))
        return Deferred({"rows": rows}, lambda found: {year: {"year": year} for year in years})

    assert now(memo_deferred("test", 2020, (2019,), declare)) == {"year": 2020}
    assert asked == [[2020]]  # outside a request: only the year asked for
    asked.clear()

    def page(request):
        first = memo_deferred("test", 2020, (2019,), declare)
        assert isinstance(first, Deferred)
        with CaptureQueriesContext(connection) as ctx:
            built = now(first)
            built["changed"] = True  # a copy: what the next caller gets is not changed
            later = [memo_deferred("test", 2019, (2020,), declare), memo_deferred("test", 2020, (), declare)]
        assert len(ctx.captured_queries) == 1
        return [built, *later]

    answers = PermissionCacheMiddleware(page)(None)
    assert asked == [[2020, 2019]]
    assert answers == [{"year": 2020, "changed": True}, {"year": 2019}, {"year": 2020}]


def test_a_declaration_is_kept_for_the_process_and_its_sql_compiled_once(monkeypatch):
    """A register's yearly querysets depend on the years alone: declared once per process, compiled once, and
    still run at every evaluation (new rows are counted)."""
    from balanse.core import counts

    asked, compiles = [], []
    compile_part = counts._compile_part
    monkeypatch.setattr(counts, "_compile_part", lambda *args: compiles.append(1) or compile_part(*args))

    def declare(years):
        asked.append(list(years))
        rows = (
            User.objects.filter(is_staff=True)
            .order_by()
            .values_list(Value(0, output_field=IntegerField()))
            .annotate(n=Count("pk"))
        )
        return Deferred({"rows": rows}, lambda found: {year: found["rows"][0][1] for year in years})

    def page(request):
        return now(memo_deferred("test.kept", 2020, (), declare))

    OperatorFactory()
    assert PermissionCacheMiddleware(page)(None) == 1
    OperatorFactory()
    assert PermissionCacheMiddleware(page)(None) == 2
    assert now(memo_deferred("test.kept", 2020, (), declare)) == 2  # outside a request too
    assert asked == [[2020]] and len(compiles) == 1


def test_a_declaration_that_asks_the_request_is_declared_again_in_each():
    """What a declaration gets from the request's cache (another register's answer, known or not) is the
    request's: such a declaration is not kept."""
    asked = []

    def inner(years):
        return Deferred({}, lambda found: {year: f"inner {year}" for year in years})

    def declare(years):
        asked.append(list(years))
        return combine([memo_deferred("test.inner", years[0], (), inner)], lambda built: {years[0]: built[0]})

    def page(request):
        return now(memo_deferred("test.outer", 2020, (), declare))

    assert PermissionCacheMiddleware(page)(None) == "inner 2020"
    assert PermissionCacheMiddleware(page)(None) == "inner 2020"
    assert asked == [[2020], [2020]]


def test_in_years_reads_ranges_in_the_sites_time_zone_and_joins_consecutive_years():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from balanse.core.counts import in_years

    utc = ZoneInfo("UTC")
    joined = {
        "before": datetime(2023, 12, 31, 22, 59, tzinfo=utc),  # 23.59 in Oslo: 2023
        "new_year": datetime(2023, 12, 31, 23, 30, tzinfo=utc),  # 00.30 in Oslo: 2024
        "middle": datetime(2025, 6, 1, 12, 0, tzinfo=utc),
        "gap": datetime(2026, 6, 1, 12, 0, tzinfo=utc),
        "later": datetime(2027, 12, 31, 22, 30, tzinfo=utc),  # 23.30 in Oslo: 2027
    }
    for name, moment in joined.items():
        UserFactory(full_name=name, date_joined=moment)
    with CaptureQueriesContext(connection) as queries:
        found = set(
            User.objects.filter(in_years("date_joined", [2025, 2024, 2027])).values_list(
                "full_name", flat=True
            )
        )
    assert found == {"new_year", "middle", "later"}
    sql = queries.captured_queries[0]["sql"]
    # 2024–2025 and 2027: two ranges, and no year worked out per row
    assert "extract" not in sql.lower() and sql.count(" OR ") == 1
    assert not User.objects.filter(in_years("date_joined", [])).exists()


def test_year_of_names_the_year_in_the_sites_time_zone_as_extract_year_does_without_working_it_out_per_row():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db.models.functions import ExtractYear

    from balanse.core.counts import in_years, year_of

    utc = ZoneInfo("UTC")
    for name, moment in {
        "before": datetime(2023, 12, 31, 22, 59, tzinfo=utc),  # 23.59 in Oslo: 2023
        "new_year": datetime(2023, 12, 31, 23, 30, tzinfo=utc),  # 00.30 in Oslo: 2024
        "middle": datetime(2025, 6, 1, 12, 0, tzinfo=utc),
        "outside": datetime(2026, 6, 1, 12, 0, tzinfo=utc),
    }.items():
        UserFactory(full_name=name, date_joined=moment)
    years = [2025, 2023, 2024]
    with CaptureQueriesContext(connection) as queries:
        found = dict(User.objects.values_list("full_name", year_of("date_joined", years)))
    assert found == {"before": 2023, "new_year": 2024, "middle": 2025, "outside": None}
    assert "extract" not in queries.captured_queries[0]["sql"].lower()
    expected = dict(
        User.objects.filter(in_years("date_joined", years)).values_list(
            "full_name", ExtractYear("date_joined")
        )
    )
    assert {name: year for name, year in found.items() if year is not None} == expected
