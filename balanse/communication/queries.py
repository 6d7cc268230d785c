"""Reads of the communication register: the operator's list and the year's figures."""

from django.db.models import Count, Q, Sum

from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount


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
    result = {value: 0 for value in EntryType.values}
    for type_, n in Entry.objects.of_year(year).values_list("type").annotate(n=Count("pk")).order_by():
        result[type_] += n
    for type_, n in (
        SupplementaryCount.objects.filter(year=year).values_list("type").annotate(n=Sum("count")).order_by()
    ):
        result[type_] += n
    return result


def annual_figures(year: int) -> dict:
    """BACK-OFFICE.md's `communication` section. An op-ed is a media story too: the report's "23 ulike
    medieoppslag, hvorav 5 kronikker" counts the op-eds among the 23."""
    by_type = counts(year)
    return {
        "communication": {
            "media_mentions": by_type[EntryType.MEDIA] + by_type[EntryType.OP_ED],
            "op_eds": by_type[EntryType.OP_ED],
            "political_meetings": by_type[EntryType.POLICY_MEETING],
            "consultation_responses": by_type[EntryType.CONSULTATION],
            "key_figures": {
                f.name: float(f.value) if f.value != int(f.value) else int(f.value)
                for f in KeyFigure.objects.filter(year=year)
            },
        }
    }
