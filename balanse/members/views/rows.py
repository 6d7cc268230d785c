"""What the operator's lists do once for a page rather than once for each row: a row's link made from one
reversed URL; amounts (`intcomma`) written by the same functions as the filters, once per value and language
(dates are kept by `balanse.core.dates` itself, art fields' names by `organisations.models.art_field_label`)."""

from decimal import Decimal
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import get_language


def link(name: str, query: str = ""):
    """`link(pk)` → the URL named `name` for the row `pk`, then `query` (e.g. "?ar=2026"): reversed once for a
    page of rows rather than once for each (the pattern must end in the row's number)."""
    url = reverse(name, args=[0])
    if not url.endswith("/0/"):
        raise ValueError(f"{name}: the row's number is not at the end of {url}")
    return (url.removesuffix("0/") + "{}/" + query.replace("{", "{{").replace("}", "}}")).format


def detail_link(year: int | None = None):
    """`link(pk)` → the member's page (`members:detail`), with `?ar=year` when given."""
    return link("members:detail", f"?ar={year}" if year is not None else "")


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


class Counted:
    """A list already counted (its figures have the number) for `paginate`: only the page's rows are read,
    and the pager does not count them again."""

    def __init__(self, rows, count: int):
        self.rows, self.count_ = rows, count

    def __len__(self) -> int:
        return self.count_

    def __getitem__(self, index):
        return list(self.rows[index])
