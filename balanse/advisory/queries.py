"""The advisory line's figures. Outside the adviser role every table suppresses cells under 3 (1 and 2 are
shown as “<3”; when only one cell of a table would be hidden, the next smallest is hidden too, so the hidden
one cannot be worked out from the total)."""

from datetime import date

from django.db.models import Count

from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic
from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, in_years, now, then, year_of
from balanse.core.permissions import memo_deferred

THRESHOLD = 3


def count_in_year(year: int) -> int:
    """How many inquiries the year holds (the year's first to last day), in a query compiled once per process;
    kept until a register changes (`balanse.core.stamps`)."""
    return stamps.kept_aggregate(
        "advisory.count_in_year",
        lambda first, last: Inquiry.objects.filter(date__gte=first, date__lte=last),
        {"n": Count("pk")},
        first=date(year, 1, 1),
        last=date(year, 12, 31),
    )["n"]


def suppress(counts: dict[str, int]) -> dict[str, int | None]:
    """Cells from 1 to THRESHOLD-1 become None; a lone hidden cell takes the next smallest with it."""
    result: dict[str, int | None] = {
        key: (None if 0 < value < THRESHOLD else value) for key, value in counts.items()
    }
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) == 1:
        shown = sorted((value, key) for key, value in result.items() if value)
        if shown:
            result[shown[0][1]] = None
    return result


def _grouped(first: date, last: date):
    """The inquiries from `first` to `last` counted by every column the figures split them by."""
    return (
        Inquiry.objects.filter(date__gte=first, date__lte=last)
        .order_by()
        .values_list("topic", "channel", "caller_role", "follow_up", "help_given")
        .annotate(n=Count("pk"))
    )


def figures(year: int, *, suppressed: bool) -> dict:
    """The year's figures: the number of inquiries, how many need follow-up, and a table each by topic, channel,
    who got in touch (with "" for not recorded) and help given, every choice present (0 where none). From one
    query grouped by those columns (as many groups as combinations in use, however many rows), compiled once
    per process."""
    groups = compiled.rows("advisory.figures", _grouped, first=date(year, 1, 1), last=date(year, 12, 31))
    total = follow_up = 0
    topics = dict.fromkeys(Topic.values, 0)
    channels = dict.fromkeys(Channel.values, 0)
    roles = {**dict.fromkeys(CallerRole.values, 0), "": 0}
    help_given = dict.fromkeys(Help.values, 0)
    for topic, channel, caller_role, needs_follow_up, codes, n in groups:
        total += n
        if needs_follow_up:
            follow_up += n
        for table, value in ((topics, topic), (channels, channel), (roles, caller_role)):
            if value in table:
                table[value] += n
        for code in codes or []:
            if code in help_given:
                help_given[code] += n
    totals = {"total": total, "follow_up": follow_up}
    tables = {"by_topic": topics, "by_channel": channels, "by_role": roles, "by_help": help_given}
    if suppressed:
        tables = {name: suppress(table) for name, table in tables.items()}
        follow_up = {"yes": totals["follow_up"], "no": totals["total"] - totals["follow_up"]}
        totals["follow_up"] = suppress(follow_up)["yes"]
        if 0 < totals["total"] < THRESHOLD:
            totals["total"] = None
    return {"inquiries": totals["total"], "follow_up": totals["follow_up"], **tables}


def page_rows(year: int):
    """The year's inquiries, newest first, as tuples of `rows.COLUMNS` (slice it for a page)."""
    return (
        Inquiry.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        .order_by("-date", "-pk")
        .values_list("pk", "date", "ref", "topic", "channel", "caller_role", "follow_up")
    )


def annual_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """The annual report's section (published, so suppressed): the total is the report's own figure.
    `together`: other years asked for in the same request (the report's year before), read in the same query.
    `defer`: a Deferred the sender runs with other registers' (`balanse.core.counts`), where the request does
    not know the answer yet."""
    answer = memo_deferred("advisory.annual_figures", year, together, _annual_figures)
    return then(answer if defer else now(answer), lambda section: {"advisory": section})


def _annual_figures(years: list[int]) -> Deferred:
    """The same figures as `figures(year, suppressed=True)` gives, for each year, from one query grouped by
    year, topic and channel."""
    rows = (
        Inquiry.objects.filter(in_years("date", years))
        .annotate(year=year_of("date", years))
        .values_list("year", "topic", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def build(found: dict) -> dict[int, dict]:
        topics = {year: dict.fromkeys(Topic.values, 0) for year in years}
        channels = {year: dict.fromkeys(Channel.values, 0) for year in years}
        totals = dict.fromkeys(years, 0)
        for year, topic, channel, n in found["rows"]:
            totals[year] += n
            if topic in topics[year]:
                topics[year][topic] += n
            if channel in channels[year]:
                channels[year][channel] += n
        return {
            year: {
                "inquiries": None if 0 < totals[year] < THRESHOLD else totals[year],
                "by_topic": suppress(topics[year]),
                "by_channel": suppress(channels[year]),
            }
            for year in years
        }

    return Deferred({"rows": rows}, build)
