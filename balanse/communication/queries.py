"""Reads of the communication register: the operator's list and the year's figures."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core.permissions import memo_many


def entry_list(*, year: int | None = None, type: str = "", q: str = ""):
    entries = Entry.objects.order_by("-date", "title")
    if year:
        entries = entries.of_year(year)
    if type:
        entries = entries.filter(type=type)
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(outlet__icontains=q))
    return entries


def counts(year: int) -> dict[str, int]:
    """Rows plus supplementary counts of the year, per type (every type present)."""
    return _counts([year])[year]


def _counts(years: list[int]) -> dict[int, dict[str, int]]:
    """`counts` of each year, in one query: the rows grouped by year and type, and the supplementary counts the
    same way, as a UNION ALL."""
    result = {year: {value: 0 for value in EntryType.values} for year in years}
    rows = (
        Entry.objects.filter(date__year__in=years)
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
    for year, type_, n in rows.union(supplements, all=True).order_by():
        result[year][type_] += n
    return result


def annual_figures(year: int, *, together=()) -> dict:
    """BACK-OFFICE.md's `communication` section. An op-ed is a media story too: the report's "23 ulike
    medieoppslag, hvorav 5 kronikker" counts the op-eds among the 23. `together`: other years asked for in the
    same request (the report's year before), read in the same queries."""
    return {"communication": memo_many("communication.annual_figures", year, together, _annual_figures)}


def _annual_figures(years: list[int]) -> dict[int, dict]:
    by_year = _counts(years)
    key_figures: dict[int, dict] = {year: {} for year in years}
    for f in KeyFigure.objects.filter(year__in=years):
        key_figures[f.year][f.name] = float(f.value) if f.value != int(f.value) else int(f.value)
    return {
        year: {**from_counts(by_type), "key_figures": key_figures[year]} for year, by_type in by_year.items()
    }


def from_counts(by_type: dict[str, int]) -> dict[str, int]:
    """The section's counts from `counts()`: an op-ed is counted among the media mentions too."""
    return {
        "media_mentions": by_type[EntryType.MEDIA] + by_type[EntryType.OP_ED],
        "op_eds": by_type[EntryType.OP_ED],
        "political_meetings": by_type[EntryType.POLICY_MEETING],
        "consultation_responses": by_type[EntryType.CONSULTATION],
    }
