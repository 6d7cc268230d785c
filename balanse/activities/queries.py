"""Reads of the activity register that other pages and apps reuse: the operator's list and the year's figures."""

from datetime import date, time
from functools import partial
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from balanse.activities.models import (
    Activity,
    ActivityType,
    CourseLink,
    Registration,
    RegistrationState,
    SupplementaryEntry,
)
from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, in_years, now, then, year_of
from balanse.core.permissions import memo_deferred
from balanse.core.views_helpers import RowsInOrder


def activity_list(
    *,
    year: int | None = None,
    type: ActivityType | None = None,
    place: str = "",
    digital: str = "",
    organiser: str = "",
    q: str = "",
):
    """The activities the operator's filters select, with what the list shows fetched in a fixed number of
    queries (type in the join, member organisers prefetched)."""
    activities = (
        Activity.objects.select_related("type")
        .prefetch_related("organisers")
        .order_by("-date", "title", "-pk")
    )
    if year:
        activities = activities.of_year(year)
    if type is not None:
        activities = activities.filter(type=type)
    if place:
        activities = activities.filter(place__iexact=place)
    if digital == "yes":
        activities = activities.filter(digital=True)
    elif digital == "no":
        activities = activities.filter(digital=False)
    if organiser:
        activities = activities.filter(organiser_names__icontains=organiser)
    if q:
        activities = activities.filter(
            Q(title__icontains=q) | Q(topics__icontains=q) | Q(description__icontains=q)
        )
    return activities


class ListRow(NamedTuple):
    """An activity as the operator's list shows it (a row of `views.rows.list_rows`)."""

    pk: int
    date: date
    title: str
    public: bool
    cancelled: bool
    type: str  # as people read it (`str(ActivityType)`: its label, else its name)
    digital: bool
    place: str
    organiser_names: str
    member_count: int  # the member organisations linked
    participants: int | None
    streaming_audience: int | None

    @classmethod
    def of(cls, row: tuple) -> "ListRow":
        """The row of `LIST_COLUMNS` read."""
        pk, day, title, public, cancelled, label, name, *rest = row
        return cls(pk, day, title, public, cancelled, label or name, *rest)


LIST_COLUMNS = (
    "pk",
    "date",
    "title",
    "public",
    "cancelled",
    "type__label",
    "type__name",
    "digital",
    "place",
    "organiser_names",
    "member_count",
    "participants",
    "streaming_audience",
)


def _list_columns(activities):
    """The list's columns; the member organisers counted by a subquery a row (no GROUP BY over every column)."""
    linked = (
        Activity.organisers.through.objects.filter(activity_id=OuterRef("pk"))
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return activities.annotate(member_count=Coalesce(Subquery(linked), 0)).values_list(*LIST_COLUMNS)


class _Listed:
    """A filtered list for `paginate`: counted by the database, and only the page's rows read, as `ListRow`s."""

    def __init__(self, rows):
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [ListRow.of(row) for row in self.rows[index]]
        return ListRow.of(self.rows[index])


def listed(activities) -> _Listed:
    """`activity_list`'s activities as the list shows them (`ListRow`s: the type's label and the number of member
    organisers, not the organisers), a page at a time."""
    return _Listed(_list_columns(activities.prefetch_related(None)))


def _year_keys(start: date, end: date):
    return (
        Activity.objects.filter(date__gte=start, date__lte=end)
        .order_by("-date", "title", "-pk")
        .values_list("pk")
    )


def _listed_by_id(**ids: int):
    return _list_columns(Activity.objects.filter(pk__in=list(ids.values())).order_by())


def _listed_rows(keys: list[int]) -> dict[int, ListRow]:
    found = compiled.rows(
        ("activities.list.rows", len(keys)), _listed_by_id, **compiled.numbered("activity", keys)
    )
    return {row[0]: ListRow.of(row) for row in found}


def _upcoming(today: date, limit: int):
    return Activity.objects.upcoming_public(today).order_by("date", "start_time", "title")[:limit]


def upcoming_public(limit: int) -> list[Activity]:
    """The first `limit` upcoming public activities not cancelled, soonest first, each with its type; from
    SQL compiled once."""
    return compiled.instances(
        ("activities.upcoming", limit),
        Activity,
        lambda today: _upcoming(today, limit),
        related=("type",),
        today=timezone.localdate(),
    )


class CalendarRow(NamedTuple):
    """An activity as the public calendar lists it (a row of `views.rows.calendar_rows`)."""

    pk: int
    title: str
    date: date
    start_time: time | None
    end_time: time | None
    digital: bool
    place: str
    type: str  # as people read it (`str(ActivityType)`: its label, else its name)
    registration: bool


def _calendar(today: date, limit: int):
    return _upcoming(today, limit).values_list(
        "pk",
        "title",
        "date",
        "start_time",
        "end_time",
        "digital",
        "place",
        "type__label",
        "type__name",
        "registration",
    )


def calendar_rows(limit: int) -> list[CalendarRow]:
    """`upcoming_public(limit)` as the calendar lists them, only what it shows read; from SQL compiled once, and
    kept until a register is written to (`balanse.core.stamps`, which keys it by the day too)."""
    return stamps.kept(("activities.calendar", limit), partial(_calendar_rows, limit))


def _calendar_rows(limit: int) -> list[CalendarRow]:
    found = compiled.rows(
        ("activities.calendar", limit), lambda today: _calendar(today, limit), today=timezone.localdate()
    )
    return [
        CalendarRow(pk, title, day, start, end, digital, place, label or name, registration)
        for pk, title, day, start, end, digital, place, label, name, registration in found
    ]


def _public_activity(pk: int):
    return Activity.objects.filter(pk=pk, public=True)


def public_activity(pk: int) -> Activity | None:
    """The public activity `pk` with its type, or None; from SQL compiled once."""
    return compiled.first("activities.public_activity", Activity, _public_activity, related=("type",), pk=pk)


def _confirmed(activity: int):
    return Registration.objects.filter(activity_id=activity, state=RegistrationState.CONFIRMED)


def confirmed_count(activity: Activity) -> int:
    """How many registrations for `activity` have a place; from SQL compiled once."""
    return compiled.aggregate("activities.confirmed", _confirmed, {"n": Count("pk")}, activity=activity.pk)[
        "n"
    ]


def year_list(year: int) -> RowsInOrder:
    """`listed(activity_list(year=year))` without filters, from SQL compiled once: the year's activities known
    by their keys in the list's order, and only the rows of the page shown read (with their type and number of
    member organisers); both kept until a register changes (`balanse.core.stamps`: ask for the page under
    `stamps.one_stamp()`, and the stamp is read once for both)."""
    keys = stamps.kept_rows(
        "activities.list.keys", _year_keys, start=date(year, 1, 1), end=date(year, 12, 31)
    )
    return RowsInOrder([key for (key,) in keys], _kept_listed_rows)


def _kept_listed_rows(keys: list[int]) -> dict[int, ListRow]:
    return stamps.kept(("activities.list.rows", tuple(keys)), partial(_listed_rows, keys))


def _types():
    return ActivityType.objects.all()


def types() -> list[ActivityType]:
    """Every activity type in its order; from SQL compiled once, kept until a register changes
    (`balanse.core.stamps`)."""
    return stamps.kept(
        ("activities.types",), partial(compiled.instances, "activities.types", ActivityType, _types)
    )


def _type_labels():
    return ActivityType.objects.order_by().values_list("name", "label")


def type_labels() -> dict[str, str]:
    """{name: label} of every activity type; from SQL compiled once."""
    return dict(compiled.rows("activities.type_labels", _type_labels))


def _supplements(year: int):
    return SupplementaryEntry.objects.filter(year=year)


def supplementary_entries(year: int) -> list[SupplementaryEntry]:
    """The supplementary entries of `year` in their order, each with its type; from SQL compiled once."""
    return compiled.instances(
        "activities.supplements", SupplementaryEntry, _supplements, related=("type",), year=year
    )


def _places():
    return Activity.objects.exclude(place="").order_by().values_list("place", flat=True).distinct()


def places() -> list[str]:
    """Every place an activity was held, once each, sorted (the list's filter), from SQL compiled once; kept
    until a register changes (`balanse.core.stamps`)."""
    return sorted(stamps.kept_rows("activities.places", _places))


def _activity(pk: int):
    return Activity.objects.filter(pk=pk)


def activity(pk: int) -> Activity | None:
    """The activity `pk` (every column, nothing read along), or None; from SQL compiled once."""
    return compiled.instance("activities.activity", Activity, _activity, pk=pk)


def _registrations(activity: int):
    return Registration.objects.filter(activity_id=activity).exclude(state=RegistrationState.CANCELLED)


def _organiser_names(activity: int):
    return (
        Activity.organisers.through.objects.filter(activity_id=activity)
        .values_list("organisation__name", flat=True)
        .order_by("organisation__name", "organisation_id")
    )


def _course_count(activity: int):
    return CourseLink.objects.filter(activity_id=activity)


def activity_page(activity: Activity) -> dict:
    """What the operator's page of one activity shows besides its form, from SQL compiled once: the
    registrations not cancelled (in their order), how many have a place, the names of the member organisations
    linked (in name order) and how many certification courses it holds."""
    registrations = compiled.instances(
        "activities.page.registrations", Registration, _registrations, activity=activity.pk
    )
    return {
        "registrations": registrations,
        "confirmed": sum(1 for r in registrations if r.state == RegistrationState.CONFIRMED),
        "organisers": compiled.rows("activities.page.organisers", _organiser_names, activity=activity.pk),
        "course_count": compiled.aggregate(
            "activities.page.courses", _course_count, {"n": Count("pk")}, activity=activity.pk
        )["n"],
    }


def annual_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """BACK-OFFICE.md's `activities` section, plus the share held digitally and what came from supplements.
    `together`: other years asked for in the same request (the report's year before), read in the same
    query. `defer`: a Deferred the sender runs with other registers' (`balanse.core.counts`), where the request
    does not know the answer yet."""
    answer = memo_deferred("activities.annual_figures", year, together, _annual_figures)
    return then(answer if defer else now(answer), lambda section: {"activities": section})


def _annual_figures(years: list[int]) -> Deferred:
    """Each year's figures from one query: the activities grouped by year, type, digital and place (so the
    places come from the same rows), and the supplementary entries grouped by year and type. The types in
    their order (then by name), the supplements' after those of the activities."""
    rows = (
        Activity.objects.filter(in_years("date", years))
        .annotate(activity_year=year_of("date", years))
        .order_by()
        .values_list("activity_year", "type__order", "type__name", "digital", "place")
        .annotate(n=Count("pk"), participants=Sum("participants"), streaming=Sum("streaming_audience"))
    )
    supplements = (
        SupplementaryEntry.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "type__name")
        .annotate(count=Sum("count"), participants=Sum("participants"), streaming=Sum("streaming_audience"))
    )
    return Deferred({"rows": rows, "supplements": supplements}, lambda found: _build(years, found))


def _build(years: list[int], found: dict) -> dict[int, dict]:
    totals = {year: {"total": 0, "digital": 0, "participants": 0, "streaming": 0} for year in years}
    by_type: dict[int, dict[str, int]] = {year: {} for year in years}
    places: dict[int, set[str]] = {year: set() for year in years}
    for year, _order, name, digital, place, n, participants, streaming in sorted(
        found["rows"], key=lambda row: (row[1], row[2])
    ):
        total = totals[year]
        total["total"] += n
        total["digital"] += n if digital else 0
        total["participants"] += participants or 0
        total["streaming"] += streaming or 0
        by_type[year][name] = by_type[year].get(name, 0) + n
        if not digital and place:
            places[year].add(place)
    extra = {year: {"count": 0, "participants": 0, "streaming_audience": 0} for year in years}
    for year, name, count, participants, streaming in sorted(found["supplements"], key=lambda row: row[1]):
        extra[year]["count"] += count
        extra[year]["participants"] += participants
        extra[year]["streaming_audience"] += streaming
        by_type[year][name] = by_type[year].get(name, 0) + count
    figures = {}
    for year in years:
        total, supplementary = totals[year], extra[year]
        participants = total["participants"] + supplementary["participants"]
        figures[year] = {
            "total": total["total"] + supplementary["count"],
            "by_type": by_type[year],
            "audience_incl_streaming": participants
            + total["streaming"]
            + supplementary["streaming_audience"],
            "audience_excl_streaming": participants,
            "places": sorted(places[year]),
            "digital": total["digital"],
            "digital_share_percent": round(total["digital"] * 100 / total["total"], 1)
            if total["total"]
            else 0.0,
            "supplementary": supplementary,
        }
    return figures


def organisers_reached(year: int, *, together=(), defer: bool = False) -> list[tuple[int, str]] | Deferred:
    """The member organisations Balansekunst worked with in `year` through this register: organisers of an
    activity ("activity"), and organisations whose certification course held is an activity ("course").
    `together`: other years asked for in the same request, read in the same query. `defer` as for
    `annual_figures`."""
    answer = memo_deferred("activities.organisers_reached", year, together, _organisers_reached)
    return answer if defer else now(answer)


def _organisers_reached(years: list[int]) -> Deferred:
    """One query: the organisers and the course's organisations of each year, each once."""
    organisers = (
        Activity.organisers.through.objects.filter(in_years("activity__date", years))
        .order_by()
        .values_list(year_of("activity__date", years), "organisation_id", Value("activity"))
        .distinct()
    )
    courses = (
        CourseLink.objects.filter(in_years("activity__date", years))
        .order_by()
        .values_list(
            year_of("activity__date", years), "course__certification__organisation_id", Value("course")
        )
        .distinct()
    )

    def build(rows: dict) -> dict[int, list[tuple[int, str]]]:
        found: dict[int, list[tuple[int, str]]] = {year: [] for year in years}
        for year, organisation_id, kind in sorted({*rows["organisers"], *rows["courses"]}):
            found[year].append((organisation_id, kind))
        for pairs in found.values():
            pairs.sort(key=lambda pair: pair[1] != "activity")  # the organisers first, as before
        return found

    return Deferred({"organisers": organisers, "courses": courses}, build)
