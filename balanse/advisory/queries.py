"""The advisory line's figures. Outside the adviser role every table suppresses cells under 3 (1 and 2 are
shown as “<3”; when only one cell of a table would be hidden, the next smallest is hidden too, so the hidden
one cannot be worked out from the total)."""

from django.db.models import Count, Q

from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic

THRESHOLD = 3


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


def _by(rows, field: str, choices) -> dict[str, int]:
    counted = dict(rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return {value: counted.get(value, 0) for value, _label in choices}


def figures(year: int, *, suppressed: bool) -> dict:
    rows = Inquiry.objects.filter(date__year=year)
    totals = rows.aggregate(total=Count("pk"), follow_up=Count("pk", filter=Q(follow_up=True)))
    help_given = {code: 0 for code, _label in Help.choices}
    for codes in rows.values_list("help_given", flat=True):
        for code in codes or []:
            if code in help_given:
                help_given[code] += 1
    roles = _by(rows, "caller_role", CallerRole.choices)
    roles[""] = rows.filter(caller_role="").count()
    tables = {
        "by_topic": _by(rows, "topic", Topic.choices),
        "by_channel": _by(rows, "channel", Channel.choices),
        "by_role": roles,
        "by_help": help_given,
    }
    if suppressed:
        tables = {name: suppress(table) for name, table in tables.items()}
        follow_up = {"yes": totals["follow_up"], "no": totals["total"] - totals["follow_up"]}
        totals["follow_up"] = suppress(follow_up)["yes"]
        if 0 < totals["total"] < THRESHOLD:
            totals["total"] = None
    return {"inquiries": totals["total"], "follow_up": totals["follow_up"], **tables}


def annual_figures(year: int) -> dict:
    """The annual report's section (published, so suppressed): the total is the report's own figure."""
    data = figures(year, suppressed=True)
    return {
        "advisory": {
            "inquiries": data["inquiries"],
            "by_topic": data["by_topic"],
            "by_channel": data["by_channel"],
        }
    }
