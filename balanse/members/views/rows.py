"""What the operator's lists do once for a page rather than once for each row: a member's link made from one
reversed URL (`core.views_helpers.row_link`); amounts (`intcomma`) written by the same functions as the
filters, once per value and language (dates are kept by `balanse.core.dates` itself, art fields' names by
`organisations.models.art_field_label`)."""

from decimal import Decimal
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

from balanse.core.views_helpers import row_link


def detail_link(year: int | None = None):
    """`link(pk)` → the member's page (`members:detail`), with `?ar=year` when given."""
    return row_link("members:detail", query=f"?ar={year}" if year is not None else "")


@lru_cache(maxsize=4096)
def _kroner(language: str | None, value: int) -> str:
    return intcomma(value)  # in `language`, the active one when it was first asked for


def kroner(value: int | None) -> str:
    """The same text as the `intcomma` filter (15 000), each amount formatted once per language and process;
    "" for None."""
    if value is None:
        return ""
    return _kroner(get_language(), value)


@lru_cache(maxsize=4096)
def _kroner_and_ore(language: str | None, value: Decimal) -> str:
    return intcomma(floatformat(value, 2))  # in `language`, the active one when it was first asked for


def kroner_and_ore(value: Decimal) -> str:
    """The same text as `floatformat:2|intcomma` (1 500,00), once per amount and language."""
    return _kroner_and_ore(get_language(), value)
