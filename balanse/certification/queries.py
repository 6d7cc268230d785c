"""Reads that several views, hooks and other apps reuse."""

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import partial, reduce
from operator import or_
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone

from balanse.certification.models import (
    Certification,
    ChecklistItem,
    CourseBooking,
    GuidanceMeeting,
    MarkRequest,
    Period,
    ReviewComment,
    ReviewDraft,
    StateChange,
    YearTarget,
)
from balanse.core import compiled, stamps
from balanse.core.collation import sorted_norwegian
from balanse.core.counts import Deferred, in_years
from balanse.core.labels import choice_label
from balanse.core.models import AuditEntry, DetailText
from balanse.core.permissions import memo, memo_deferred
from balanse.organisations.models import Membership, art_field_label


def _latest_for(organisation_id: int):
    return Certification.objects.filter(organisation_id=organisation_id).order_by("-created", "-pk")


def _latest_of(organisation_id: int):
    return _latest_for(organisation_id)[:1]


def _periods_of(certification_id: int):
    return Period.objects.filter(certification_id=certification_id)


def latest_with_organisation(organisation_id: int) -> Certification | None:
    """The organisation's latest certification with the organisation read along, and, if the mark was ever
    awarded, its periods and who decided each (what the organisation's page and the proof of the mark show):
    two queries at most, each compiled once. Before the award there are no periods (`certificate_number` comes
    with the first)."""
    found = compiled.instances(
        "certification.latest_with_organisation",
        Certification,
        _latest_of,
        related=("organisation",),
        organisation_id=organisation_id,
    )
    certification = found[0] if found else None
    if certification is not None and certification.certificate_number:
        _prefetched(certification, "periods", periods_of(certification))
    return certification


def by_number(number: str) -> Certification | None:
    """The mark whose certificate number is `number` whatever its case (people type it from a diploma), with
    its organisation and its periods read along, or None: two queries, each compiled once. The
    number is compared in upper case, as the ORM's `iexact` compares it on PostgreSQL (numbers are ASCII)."""
    found = compiled.first(
        "certification.by_number",
        Certification,
        lambda number: (
            Certification.objects.annotate(number_upper=Upper("certificate_number"))
            .filter(number_upper=number)
            .exclude(certificate_number="")
            .order_by("pk")
        ),
        related=("organisation",),
        number=number.upper(),
    )
    if found is not None:  # the periods alone (not who decided them: the public page is kept whole, and
        # what it reads must carry the registers' write stamps, which the accounts do not)
        _prefetched(found, "periods", periods_of(found, deciders=False))
    return found


def periods_of(certification, *, deciders: bool = True) -> list[Period]:
    """The certification's periods of the mark, each with who decided it unless `deciders` is False (compiled
    once)."""
    return compiled.instances(
        ("certification.periods_of", deciders),
        Period,
        _periods_of,
        related=("decided_by",) if deciders else (),
        certification_id=certification.pk,
    )


def _prefetched(instance, name: str, objects: list) -> None:
    """`objects` as the rows of `instance.<name>.all()`, as prefetch_related keeps them (no query when asked)."""
    rows = getattr(instance, name).all()
    rows._result_cache, rows._prefetch_done = objects, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = rows


def with_organisation(pk: int) -> Certification | None:
    """Certification `pk` with its organisation and its application (None where there is none: asking
    `.application` raises as after select_related) read along; compiled once."""
    return compiled.instance(
        "certification.with_organisation",
        Certification,
        lambda pk: Certification.objects.filter(pk=pk),
        related=("organisation", "application"),
        pk=pk,
    )


def first_course(certification) -> CourseBooking | None:
    """The certification's course booking, the latest by date if there are several (`courses.first()`);
    compiled once."""
    return compiled.first(
        "certification.first_course",
        CourseBooking,
        lambda certification_id: CourseBooking.objects.filter(certification_id=certification_id).order_by(
            "-date", "-pk"
        ),
        certification_id=certification.pk,
    )


@dataclass(frozen=True)
class Meeting:
    """A guidance meeting as a certification's page lists it, in plain values (no model instance)."""

    pk: int
    date: date
    notes: str
    next_step: str


def meetings_of(certification) -> list[Meeting]:
    """The guidance meetings of the certification's current cycle, the latest first, in plain values (what the
    page lists: an instance for each cost more than the rest of its line); compiled once."""
    rows = compiled.rows(
        "certification.meetings_of",
        lambda certification_id, cycle: (
            GuidanceMeeting.objects.filter(certification_id=certification_id, cycle=cycle)
            .order_by("-date", "-pk")
            .values_list("pk", "date", "notes", "next_step")
        ),
        certification_id=certification.pk,
        cycle=certification.cycle,
    )
    return [Meeting(*row) for row in rows]


def course_and_meetings(certification) -> tuple[CourseBooking | None, list[Meeting]]:
    """`first_course` and `meetings_of` together, kept until a register changes (`balanse.core.stamps`): the
    organisation's page of its mark reads the stamp instead of the two."""
    return stamps.kept(
        ("certification.course_and_meetings", certification.pk, certification.cycle),
        lambda: (first_course(certification), meetings_of(certification)),
    )


def cycle_comments(certification) -> list[ReviewComment]:
    """`comments_for(certification)` as a list, each comment with its author (compiled once)."""
    return compiled.instances(
        "certification.cycle_comments",
        ReviewComment,
        lambda certification_id, cycle: ReviewComment.objects.filter(
            certification_id=certification_id, cycle=cycle
        ).order_by("created", "pk"),
        related=("author",),
        certification_id=certification.pk,
        cycle=certification.cycle,
    )


def latest_for(organisation) -> Certification | None:
    """The organisation's latest certification (`Certification.objects.latest_for`: the latest created, the
    highest id of those created at the same moment), read once per request (the organisation page's panels of
    several apps ask for it) by SQL compiled once."""
    return memo(
        ("certification.latest_for", organisation.pk),
        lambda: compiled.first(
            "certification.latest_for", Certification, _latest_for, organisation_id=organisation.pk
        ),
    )


def current_for(organisation) -> Certification | None:
    """The latest certification that has not ended: the latest one when it has not (no second query)."""
    latest = latest_for(organisation)
    if latest is None or latest.state not in (Certification.State.EXPIRED, Certification.State.WITHDRAWN):
        return latest
    return Certification.objects.current_for(organisation)


def comments_for(certification, key: str | None = None):
    """Review comments of the certification's current cycle, optionally for one requirement key."""
    comments = ReviewComment.objects.filter(certification=certification, cycle=certification.cycle)
    if key is not None:
        comments = comments.filter(requirement_key=key)
    return comments.select_related("author")


def checklist_for(certification):
    return ChecklistItem.objects.filter(certification=certification, cycle=certification.cycle)


def history_for(certification):
    return StateChange.objects.filter(certification=certification).select_related("by")


@dataclass(frozen=True)
class Change:
    """A state change as a certification's page lists it, in plain values: `by` is who made it as their name
    shows (`str(user)`: the full name, else the e-mail address), None for the system."""

    pk: int
    at: datetime
    from_state: str
    to_state: str
    by: str | None
    reason: str


def latest_history(certification, limit: int) -> tuple[list[Change], bool]:
    """The certification's `limit` latest state changes, newest first, in plain values, and whether there are
    older ones (read in the same query: one row more than shown), for a page that shows the latest and links to
    the whole history. Compiled once for each `limit`."""
    rows = compiled.rows(
        ("certification.latest_history", limit),
        lambda certification_id: (
            StateChange.objects.filter(certification_id=certification_id)
            .order_by("-at", "-pk")
            .values_list(
                "pk", "at", "from_state", "to_state", "by_id", "by__full_name", "by__email", "reason"
            )[: limit + 1]
        ),
        certification_id=certification.pk,
    )
    changes = [
        Change(pk, at, from_state, to_state, None if by_id is None else (full_name or email), reason)
        for pk, at, from_state, to_state, by_id, full_name, email, reason in rows[:limit]
    ]
    return changes, len(rows) > limit


def _pipeline():
    return latest_certifications().values_list("state").annotate(n=Count("pk")).values_list("state", "n")


def pipeline_counts() -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, counting each organisation's latest certification (one query,
    compiled once; kept until a register is written to, `balanse.core.stamps`)."""
    counts = dict(stamps.kept_rows("certification.pipeline", _pipeline))
    return [
        (value, choice_label(Certification.State, value), counts.get(value, 0))
        for value in Certification.State.values
    ]


def latest_certifications():
    """Each organisation's latest certification (one row per organisation)."""
    latest = (
        Certification.objects.filter(organisation=OuterRef("organisation"))
        .order_by("-created", "-pk")
        .values("pk")[:1]
    )
    return Certification.objects.filter(pk=Subquery(latest))


# The operator's lists: the dashboard shows the first few lines of each with how many there are in all, the
# list page a page at a time. A line is a certification in plain values with its organisation's name; the
# dashboard's reads are compiled once (`core.compiled`), so that they cost the same at every request.


@dataclass(frozen=True)
class Line:
    """A certification on one of the operator's lists, in plain values (no model instances)."""

    pk: int
    name: str  # the organisation's
    state: str
    state_changed_at: datetime
    valid_until: date | None
    since: datetime  # in the review queue: waiting since (submitted); on the other lists: in this state since


LINE = ("pk", "organisation__name", "state", "state_changed_at", "valid_until")


def lines(certifications, since: str = "state_changed_at"):
    """A queryset of certifications as the columns of `Line` (give its rows to `Line(*row)`); `since`: the
    column or annotation `Line.since` is."""
    return certifications.values_list(*LINE, since)


def _first(certifications, limit: int, since: str = "state_changed_at"):
    """The first `limit` lines, each with how many there are in all (a window count, in the same query)."""
    return certifications.annotate(total=Window(Count("pk"))).values_list(*LINE, since, "total")[:limit]


def _lines_with_total(rows: list) -> tuple[list[Line], int]:
    return [Line(*row[:-1]) for row in rows], (rows[0][-1] if rows else 0)


def expiring_between(today: date, until: date):
    """Marks that run out from `today` to `until`, the soonest first."""
    return Certification.objects.filter(
        state__in=[Certification.State.CERTIFIED, Certification.State.FOLLOW_UP],
        valid_until__gte=today,
        valid_until__lte=until,
    ).order_by("valid_until", "pk")


def expiring_within(days: int = 60):
    """Marks that run out within `days` days, the soonest first."""
    today = timezone.localdate()
    return expiring_between(today, today + timedelta(days=days)).select_related("organisation")


def first_expiring(limit: int, days: int = 60) -> tuple[list[Line], int]:
    """The first `limit` lines of `expiring_within(days)` and how many there are (compiled once)."""
    today = timezone.localdate()
    rows = compiled.rows(
        ("certification.first_expiring", limit),
        lambda today, until: _first(expiring_between(today, until), limit),
        today=today,
        until=today + timedelta(days=days),
    )
    return _lines_with_total(rows)


STUCK_STATES = [
    Certification.State.APPLIED,
    Certification.State.COURSE,
    Certification.State.MEASURES,
    Certification.State.IN_REVIEW,
    Certification.State.FOLLOW_UP,
]


def stuck_before(before: datetime):
    """Ongoing certifications in one working state since before `before`, the longest first."""
    return Certification.objects.filter(state__in=STUCK_STATES, state_changed_at__lt=before).order_by(
        "state_changed_at", "pk"
    )


def stuck(days: int = 90):
    """Ongoing certifications that have stayed in one working state for more than `days` days."""
    return stuck_before(timezone.now() - timedelta(days=days)).select_related("organisation")


# Later than any change of step: with no change since the line, every ongoing certification is stuck.
NO_CHANGE_SINCE = datetime(9999, 12, 31, tzinfo=UTC)


def stuck_boundary(days: int = 90) -> datetime:
    """A moment `before` for which `stuck_before(before)` holds exactly the certifications of `stuck(days)` now,
    and that stays the same until the next certification crosses the line of `days` days: the first change of
    step at or after that line (every change before it is before the line too, and none from it on is), or
    `NO_CHANGE_SINCE` when there is none. `now − days` moves every microsecond, so a count or a list under it
    could never be kept; under this moment they are kept like any figure (`balanse.core.stamps`). Kept itself
    until a register changes or that certification crosses the line."""
    return stamps.kept(("certification.stuck_boundary", days), partial(_stuck_boundary, days))


def _stuck_boundary(days: int) -> datetime:
    first = compiled.aggregate(
        "certification.stuck_boundary",
        lambda line: Certification.objects.filter(state__in=STUCK_STATES, state_changed_at__gte=line),
        {"first": Min("state_changed_at")},
        line=timezone.now() - timedelta(days=days),
    )["first"]
    if first is None:
        return NO_CHANGE_SINCE
    stamps.holds_until(first + timedelta(days=days))  # then it is stuck, and the next change is the boundary
    return first


def first_stuck(limit: int, days: int = 90) -> tuple[list[Line], int]:
    """The first `limit` lines of `stuck(days)` and how many there are (compiled once; kept until a register
    changes or the next certification crosses the line, `stuck_boundary`)."""
    rows = stamps.kept_rows(
        ("certification.first_stuck", limit),
        lambda before: _first(stuck_before(before), limit),
        before=stuck_boundary(days),
    )
    return _lines_with_total(rows)


def review_queue():
    """Submissions waiting for Balansekunst's review, the one waiting longest first."""
    return (
        Certification.objects.filter(state=Certification.State.IN_REVIEW)
        .select_related("organisation")
        .annotate(waiting_since=Coalesce("submitted_at", "state_changed_at"))
        .order_by("waiting_since", "pk")
    )


def first_in_queue(limit: int) -> tuple[list[Line], int]:
    """The first `limit` lines of the review queue (`since`: waiting since) and how many there are (compiled
    once)."""
    rows = compiled.rows(
        ("certification.first_in_queue", limit), lambda: _first(review_queue(), limit, "waiting_since")
    )
    return _lines_with_total(rows)


ENDED = (Certification.State.EXPIRED, Certification.State.WITHDRAWN)


def ongoing():
    """Each organisation's latest certification that has not ended (what the pipeline counts as ongoing)."""
    return latest_certifications().exclude(state__in=ENDED)


def latest_changed(limit: int) -> list[Line]:
    """The `limit` ongoing certifications that changed state most recently, the latest first (compiled
    once)."""
    rows = compiled.rows(
        ("certification.latest_changed", limit),
        lambda: lines(ongoing().order_by("-state_changed_at", "-pk"))[:limit],
    )
    return [Line(*row) for row in rows]


def dashboard(year: int, rows: int, requests: int) -> dict:
    """What the operator's dashboard reads but the certifications stuck in a step (which moves with the clock,
    not with the registers): `targets` (`year_targets()`), `pipeline` (`pipeline_counts()`), `figures`
    (`year_figures(year)`), `queue` (`first_in_queue(rows)`), `expiring` (`first_expiring(rows, 60)`: moves with
    the day, which the key holds), `recent` (`latest_changed(rows)`) and `mark_requests`
    (`new_mark_requests(requests)`), kept together until a register is written to (`balanse.core.stamps`: one
    look at the stamp for all)."""
    return stamps.kept(
        ("certification.dashboard", year, rows, requests, timezone.get_current_timezone_name()),
        lambda: {
            "targets": year_targets(),
            "pipeline": pipeline_counts(),
            "figures": year_figures(year),
            "queue": first_in_queue(rows),
            "expiring": first_expiring(rows, 60),
            "recent": latest_changed(rows),
            "mark_requests": new_mark_requests(requests),
        },
    )


def year_targets() -> dict[int, int]:
    """{year: target} for every year with a target, the newest year first (compiled once)."""
    return dict(
        compiled.rows(
            "certification.year_targets",
            lambda: YearTarget.objects.order_by("-year").values_list("year", "target"),
        )
    )


def new_mark_requests(limit: int) -> list[dict]:
    """The first `limit` new requests from organisations without an account, the oldest first: pk,
    organisation_name, contact_name and created of each (compiled once)."""
    columns = ("pk", "organisation_name", "contact_name", "created")
    rows = compiled.rows(
        ("certification.new_mark_requests", limit),
        lambda: (
            MarkRequest.objects.filter(state=MarkRequest.State.NEW)
            .order_by("created", "pk")
            .values_list(*columns)[:limit]
        ),
    )
    return [dict(zip(columns, row, strict=True)) for row in rows]


def year_figures(year: int) -> dict:
    """Achievements in a year: organisations awarded the mark (first award), and organisations that
    completed the course in the year without getting the mark that year. One query that counts in the
    database and answers one row, whatever the number of changes in the year (`_year_figures`, for several
    years at once, reads one row per organisation and step); compiled once for each year and time zone (the
    year's bounds are its parameters), and kept until a register is written to (`balanse.core.stamps`)."""
    zone = timezone.get_current_timezone_name()
    return stamps.kept(("certification.year_figures", year, zone), partial(_counted_year_figures, year, zone))


def _counted_year_figures(year: int, zone: str) -> dict:
    found = compiled.aggregate(
        ("certification.year_figures", year, zone),
        lambda: StateChange.objects.filter(in_years("at", [year])).filter(
            reduce(or_, _STEP_CHANGES.values())
        ),
        _YEAR_FIGURES,
    )
    return _figures(found)


def _figures(found: dict) -> dict:
    return {
        "awarded": found["awarded"],
        "course_only": found["through_course"] - found["awarded"],
        "through_course": found["through_course"],
        "renewed": found["renewed"],
    }


def year_figures_together(year: int, *, together=()) -> dict | Deferred:
    """`year_figures` for the annual figures: `together` (other years asked for in the same request) read in
    the same query, as a Deferred the sender runs with other registers' (`balanse.core.counts`) where the
    request does not know the answer yet."""
    return memo_deferred("certification.year_figures", year, together, _year_figures)


_STEPS = {
    (Certification.State.IN_REVIEW, Certification.State.CERTIFIED): "awarded",
    (Certification.State.COURSE, Certification.State.MEASURES): "course",
    (Certification.State.FOLLOW_UP, Certification.State.CERTIFIED): "renewed",
}

_STEP_CHANGES = {
    name: Q(from_state=from_state, to_state=to_state) for (from_state, to_state), name in _STEPS.items()
}
_COUNTED = {  # which changes year_figures counts the organisations of
    "awarded": _STEP_CHANGES["awarded"],
    "through_course": _STEP_CHANGES["awarded"] | _STEP_CHANGES["course"],
    "renewed": _STEP_CHANGES["renewed"],
}
_YEAR_FIGURES = {
    name: Count("certification__organisation", distinct=True, filter=condition)
    for name, condition in _COUNTED.items()
}


def _year_figures(years: list[int]) -> Deferred:
    """`year_figures` for several years in one row: each year's counts, the changes of the year told by the
    moment's range (the database compares the column; a year worked out of each change was a call into Python
    per row on SQLite, and reading the changes' organisations grew with the history)."""
    counts = {
        f"{name}_{year}": Count(
            "certification__organisation", distinct=True, filter=in_years("at", [year]) & condition
        )
        for year in years
        for name, condition in _COUNTED.items()
    }
    row = (
        StateChange.objects.filter(in_years("at", years))
        .filter(reduce(or_, _STEP_CHANGES.values()))
        .order_by()
        .values(every=Value(1))  # no column to group by: the whole selection is one group, one row
        .annotate(**counts)
        .values_list(*counts)
    )

    def build(found: dict) -> dict[int, dict]:
        (values,) = found["rows"]
        counted = dict(zip(counts, values, strict=True))
        return {year: _figures({name: counted[f"{name}_{year}"] for name in _COUNTED}) for year in years}

    return Deferred({"rows": row}, build)


def _registry_marks(today: date, q: str = "", field: str = "", municipality: str = ""):
    marks = Certification.objects.holding_mark(today)
    if q:
        marks = marks.filter(Q(organisation__name__icontains=q) | Q(certificate_number__iexact=q.strip()))
    if field:
        marks = marks.filter(organisation__art_fields__code=field)
    if municipality:
        marks = marks.filter(organisation__municipality__iexact=municipality)
    return marks.values_list("pk", "organisation__name")  # one entry per mark in a dict, whatever the joins


def registry(*, q: str = "", field: str = "", municipality: str = "") -> list[int]:
    """The marks valid today, for the public registry: their ids in the Norwegian alphabetical order of the
    organisations' names (case-insensitive, æ, ø and å last; sorted in Python so both databases agree). Only
    the names are read; `registry_rows` reads the rows of the page shown, so that a page of the registry costs
    the same however many organisations hold the mark. The registry as it opens, or by art field, runs from SQL
    compiled once (`core.compiled`); a search by name or municipality (which the ORM rewrites for LIKE and
    case) is built each time."""
    today = timezone.localdate()
    if q or municipality:  # a search: read each time (what people type is not kept)
        names = dict(_registry_marks(today, q, field, municipality))
        return sorted_norwegian(names, key=names.__getitem__)
    return stamps.kept(("certification.registry", field), partial(_registry_in_order, today, field))


def _registry_in_order(today: date, field: str) -> list[int]:
    """`registry(field=field)`, as it opens or by art field, from SQL compiled once; kept (by `registry`) until
    a register is written to (`balanse.core.stamps`, which keys it by the day too)."""
    if field:
        names = dict(compiled.rows("certification.registry.field", _registry_marks, today=today, field=field))
    else:
        names = dict(compiled.rows("certification.registry", _registry_marks, today=today))
    return sorted_norwegian(names, key=names.__getitem__)


class RegistryRow(NamedTuple):
    """One line of the public registry, in plain values (no model instances: a page of 50 lines cost a fifth
    of a millisecond each as marks with their organisation and art fields). A named tuple, not a dataclass:
    made, hashed and compared in C (the row's markup is kept per row, `views.rows`), a third of the time."""

    pk: int
    certificate_number: str
    name: str
    municipality: str
    valid_until: date | None
    art_fields: str  # their names in the active language, in the art fields' order, comma-separated


def _registry_marks_by_id(today: date, **marks: int):
    """The marks with their organisation, one row per art field of the organisation (in the art fields' order;
    one row with no field for an organisation without any)."""
    return (
        Certification.objects.holding_mark(today)
        .filter(pk__in=list(marks.values()))
        .order_by("organisation__art_fields__position", "organisation__art_fields__code")
        .values_list(
            "pk",
            "certificate_number",
            "organisation__name",
            "organisation__municipality",
            "valid_until",
            "organisation__art_fields__code",
        )
    )


def registry_rows(ids: list[int]) -> dict:
    """{id: RegistryRow} for these marks of the registry: one query (the marks with their organisation and its
    art fields, compiled once per number of ids: a page of the registry has 50); a mark no longer valid since
    the ids were read is left out. Kept until a register is written to (`balanse.core.stamps`)."""
    ids = tuple(sorted(set(ids)))
    return stamps.kept(("certification.registry_rows", ids), partial(_registry_rows, ids))


def _registry_rows(ids: tuple[int, ...]) -> dict:
    found = compiled.rows(
        ("certification.registry_rows", len(ids)),
        _registry_marks_by_id,
        today=timezone.localdate(),
        **compiled.numbered("mark", ids),
    )
    labels: dict[str | None, str] = {None: ""}  # each art field's name, found once for the page
    rows: dict[int, RegistryRow] = {}
    for pk, number, name, municipality, until, code in found:
        label = labels.get(code)
        if label is None:
            label = labels[code] = art_field_label(code)
        row = rows.get(pk)
        if row is None:
            rows[pk] = RegistryRow(pk, number, name, municipality, until, label)
        else:  # the organisation's next art field (a mark without any has one row)
            rows[pk] = row._replace(art_fields=f"{row.art_fields}, {label}")
    return rows


def _municipalities(today: date):
    marks = Certification.objects.holding_mark(today).exclude(organisation__municipality="")
    return marks.order_by().values_list("organisation__municipality", flat=True).distinct()


def registry_municipalities() -> list[str]:
    """The municipalities of the marks valid today, in Norwegian order (the registry's filter); kept until a
    register is written to (`balanse.core.stamps`)."""
    return stamps.kept(("certification.registry_municipalities",), _registry_municipalities)


def _registry_municipalities() -> list[str]:
    return sorted_norwegian(
        set(
            compiled.rows(
                "certification.registry_municipalities", _municipalities, today=timezone.localdate()
            )
        )
    )


def _changed_by_the_organisation(organisation_id: int):
    """For a source of measures that does not say when a measure changed (`Requirement.changed_at` None):
    whether a person of the organisation recorded a change naming the comment's measure (audit details
    `section` or `measure`) after the comment, e.g. the workbook's "section saved". A subquery, so that
    the comments are read in one query however many there are."""
    people = Membership.objects.filter(organisation_id=organisation_id).values("user")
    key = OuterRef("requirement_key")
    return Exists(
        AuditEntry.objects.filter(at__gt=OuterRef("created"), actor__in=people)
        .exclude(action__startswith="certification.")
        .annotate(section=DetailText("section"), measure=DetailText("measure"))  # as the log's indexes
        .filter(Q(section=key) | Q(measure=key))
    )


def _comments_with_state(certification_id: int, cycle: int, organisation_id: int):
    return ReviewComment.objects.filter(certification_id=certification_id, cycle=cycle).annotate(
        changed_by_organisation=_changed_by_the_organisation(organisation_id)
    )


@dataclass(slots=True, eq=False)
class CycleComment:
    """A review comment of the current cycle as the pages that list it read it (`comments_with_state`): its
    values, not a model instance (ten instances cost a tenth of a millisecond more than ten of these, on a page
    that shows little else of them). The pages give it `.label` (`open_comments`) and `.answer_form`."""

    pk: int
    requirement_key: str
    text: str
    created: datetime
    reply: str
    replied_at: datetime | None
    changed_by_organisation: bool
    label: str = ""
    answer_form: str = ""


# What `comments_with_state` reads, in CycleComment's order (all but what the pages give it).
_CYCLE_COMMENT_FIELDS = tuple(field.name for field in fields(CycleComment))[:-2]


def comments_with_state(certification) -> list[CycleComment]:
    """The review comments of the current cycle (`comments_for`), each with `changed_by_organisation` (see
    `open_comments`): one query for the page that lists them and says which still need the organisation,
    compiled once. The author is not read along: no page that lists these shows who wrote a comment (each
    comment's author as a user instance cost more than the comment; `cycle_comments` has them)."""
    return [
        CycleComment(*row)
        for row in compiled.rows(
            "certification.comments_with_state",
            lambda **values: _comments_with_state(**values).values_list(*_CYCLE_COMMENT_FIELDS),
            certification_id=certification.pk,
            cycle=certification.cycle,
            organisation_id=certification.organisation_id,
        )
    ]


def open_comments(certification, requirements, comments: list[CycleComment] | None = None) -> list:
    """The review comments of the current cycle that still need the organisation: the measure has not
    changed since the comment and nobody has answered it. Each comment gets `.label` (the measure's name).
    `comments`: the cycle's comments from `comments_with_state`, if the caller has them already."""
    by_key = {r.key: r for r in requirements}
    if comments is None:
        comments = comments_with_state(certification)
    result = []
    for comment in comments:
        if comment.reply:
            continue
        requirement = by_key.get(comment.requirement_key)
        if requirement is None:
            continue  # a measure that is no longer required
        if requirement.changed_at is not None:
            if requirement.changed_at > comment.created:
                continue
        elif comment.changed_by_organisation:
            continue
        comment.label = requirement.label
        result.append(comment)
    return result


def review_drafts(certification) -> dict[str, str]:
    """{requirement key: text} of the review's drafts in the current cycle (compiled once)."""
    return dict(
        compiled.rows(
            "certification.review_drafts",
            lambda certification_id, cycle: ReviewDraft.objects.filter(
                certification_id=certification_id, cycle=cycle
            ).values_list("requirement_key", "text"),
            certification_id=certification.pk,
            cycle=certification.cycle,
        )
    )


# Who must act next in each working state: Balansekunst or the organisation.
HOLDER = {
    Certification.State.APPLIED: "balansekunst",  # book the course
    Certification.State.COURSE: "balansekunst",  # hold the course and record it
    Certification.State.MEASURES: "organisation",  # put the measures in place
    Certification.State.IN_REVIEW: "balansekunst",  # review
    Certification.State.FOLLOW_UP: "organisation",  # update the plan
}
