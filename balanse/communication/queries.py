"""Reads of the communication register: the operator's list and the year's figures."""

from functools import partial

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, combine, in_years, now, then
from balanse.core.permissions import memo_deferred


def entry_list(*, year: int | None = None, type: str = "", q: str = ""):
    entries = Entry.objects.order_by("-date", "title")
    if year:
        entries = entries.of_year(year)
    if type:
        entries = entries.filter(type=type)
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(outlet__icontains=q))
    return entries


def list_rows(*, year: int | None = None, type: str = "", q: str = ""):
    """`entry_list` as tuples of `rows.ENTRY_COLUMNS` (what the log's table shows of an entry)."""
    return entry_list(year=year, type=type, q=q).values_list("pk", "date", "title", "link", "type", "outlet")


def counts(year: int) -> dict[str, int]:
    """Rows plus supplementary counts of the year, per type (every type present). Its querysets are declared
    once per process for the year (`memo_deferred`: their SQL compiled once), and the answer kept for the
    request."""
    return now(memo_deferred("communication.counts", year, (), _counts))


def _counts(years: list[int]) -> Deferred:
    """`counts` of each year, in one query: the rows grouped by year and type, and the supplementary counts the
    same way."""
    rows = (
        Entry.objects.filter(in_years("date", years))
        .order_by()
        .values_list(ExtractYear("date"), "type")
        .annotate(n=Count("pk"))
    )
    supplements = (
        SupplementaryCount.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "type")
        .annotate(n=Sum("count"))
    )

    def build(found: dict) -> dict[int, dict[str, int]]:
        result = {year: {value: 0 for value in EntryType.values} for year in years}
        for year, type_, n in [*found["rows"], *found["supplements"]]:
            result[year][type_] += n
        return result

    return Deferred({"rows": rows, "supplements": supplements}, build)


def annual_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """BACK-OFFICE.md's `communication` section. An op-ed is a media story too: the report's "23 ulike
    medieoppslag, hvorav 5 kronikker" counts the op-eds among the 23. `together`: other years asked for in the
    same request (the report's year before), read in the same query. `defer`: a Deferred the sender runs with
    other registers' (`balanse.core.counts`), where the request does not know the answer yet."""
    answer = memo_deferred("communication.annual_figures", year, together, _annual_figures)
    return then(answer if defer else now(answer), lambda section: {"communication": section})


def _annual_figures(years: list[int]) -> Deferred:
    key_figures = KeyFigure.objects.filter(year__in=years).values_list("year", "name", "value")

    def build(answers: list) -> dict[int, dict]:
        by_year, figures = answers
        found: dict[int, dict] = {year: {} for year in years}
        for year, name, value in sorted(figures["key_figures"], key=lambda row: (row[0], row[1])):
            found[year][name] = key_figure_value(value)
        return {
            year: {**from_counts(by_type), "key_figures": found[year]} for year, by_type in by_year.items()
        }

    return combine([_counts(years), Deferred({"key_figures": key_figures}, lambda rows: rows)], build)


def from_counts(by_type: dict[str, int]) -> dict[str, int]:
    """The section's counts from `counts()`: an op-ed is counted among the media mentions too."""
    return {
        "media_mentions": by_type[EntryType.MEDIA] + by_type[EntryType.OP_ED],
        "op_eds": by_type[EntryType.OP_ED],
        "political_meetings": by_type[EntryType.POLICY_MEETING],
        "consultation_responses": by_type[EntryType.CONSULTATION],
    }


def year_figures(year: int) -> dict[str, int]:
    """`from_counts(counts(year))`, the operator's panel's figures, kept until a register changes
    (`balanse.core.stamps`)."""
    return stamps.kept(("communication.year_figures", year), lambda: from_counts(counts(year)))


def key_figure_value(value) -> int | float:
    """A key figure's value as the annual report gives it: a whole number as an int, else a float."""
    return float(value) if value != int(value) else int(value)


def figures_page(year: int) -> dict:
    """What the year's figures page shows: `by_type` (`counts`), `figures` (as `annual_figures` gives the
    section, from the same counts and key figures: no second read of the rows), and the year's `supplements`
    and `key_figures` as rows (tuples of `rows.SUPPLEMENT_COLUMNS` and `rows.KEY_FIGURE_COLUMNS`, in their
    models' order), each query compiled once per process; kept until a register is written to
    (`balanse.core.stamps`)."""
    return stamps.kept(("communication.figures_page", year), partial(_figures_page, year))


def _figures_page(year: int) -> dict:
    by_type = counts(year)
    supplements = compiled.rows(
        "communication.supplements_of_year",
        lambda year: SupplementaryCount.objects.filter(year=year).values_list(
            "pk", "year", "type", "count", "note"
        ),
        year=year,
    )
    key_figures = compiled.rows(
        "communication.key_figures_of_year",
        lambda year: KeyFigure.objects.filter(year=year).values_list("pk", "name", "value", "unit"),
        year=year,
    )
    figures = {
        **from_counts(by_type),
        "key_figures": {name: key_figure_value(value) for _pk, name, value, _unit in key_figures},
    }
    return {"by_type": by_type, "figures": figures, "supplements": supplements, "key_figures": key_figures}
