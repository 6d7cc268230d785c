"""Several counts in one query: a page that shows how many rows each of a few querysets holds (a panel's
figures, a person's data per register) asks the database once, whatever the number of querysets."""

from django.db.models import Count, IntegerField, QuerySet, Value


def count_each(querysets: dict) -> dict:
    """{key: number of rows} for each queryset of `querysets`, from one UNION ALL of counts (none for a
    queryset that is `.none()`)."""
    counts = {key: 0 for key in querysets}
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
        return counts
    rows = parts[0].union(*parts[1:], all=True).order_by() if len(parts) > 1 else parts[0]
    for index, n in rows:
        counts[keys[index]] = n
    return counts


def count_panels(panels: list) -> list:
    """Count the `counts` querysets of every `balanse.core.signals.Panel` in one query, and put each number into
    its panel's context. Returns the panels."""
    counted = count_each(
        {
            (index, name): queryset
            for index, panel in enumerate(panels)
            for name, queryset in panel.counts.items()
        }
    )
    for (index, name), number in counted.items():
        panels[index].context[name] = number
    return panels
