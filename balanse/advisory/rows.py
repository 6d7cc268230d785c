"""The inquiry log's table rows (the adviser's list on the overview), written in Python rather than by the
template language (some 30 µs a row there, 50 rows a page), each kept per value and language
(`functools.lru_cache`). The markup is advisory/_inquiry_table.html's row before, character for character, every
value escaped as the template escaped it (Django's `escape` is `html.escape` of the text);
tests/advisory/test_rows.py holds the two equal."""

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.advisory.models import CallerRole, Channel, Topic
from balanse.core.dates import format_short_date
from balanse.core.labels import choice_label
from balanse.core.views_helpers import tag

# The columns of a row, as `queries.page_rows` reads them.
COLUMNS = ("pk", "date", "ref", "topic", "channel", "caller_role", "follow_up")


@lru_cache(maxsize=4096)
def _inquiry_row(language: str | None, row: tuple) -> str:
    """One inquiry's row (`row`: its values in the order of `COLUMNS`) in `language` (the active one)."""
    pk, day, ref, topic, channel, caller_role, follow_up = row
    url = reverse("advisory:inquiry", args=[pk])
    label = escape(format_short_date(day)) + (f" ({escape(ref)})" if ref else "")
    yes = gettext("yes")  # outside the f-string: makemessages does not look inside its braces
    return (
        "\n    \n    <tr>\n"
        f'      <th scope="row"><a class="ds-link" href="{escape(url)}">{label}</a></th>\n'
        f"      <td>{escape(choice_label(Topic, topic))}</td>\n"
        f"      <td>{escape(choice_label(Channel, channel))}</td>\n"
        f"      <td>{escape(choice_label(CallerRole, caller_role) or '–')}</td>\n"
        f"      <td>{tag('warning', yes) if follow_up else '–'}</td>\n"
        "    </tr>\n\n  "
    )


def inquiry_rows(rows) -> SafeString:
    """The table rows of `rows` (tuples of `COLUMNS`, in the page's order)."""
    language = get_language()
    return SafeString("".join(_inquiry_row(language, tuple(row)) for row in rows))


@lru_cache(maxsize=1024)
def _figure_table(language: str | None, key: str, title: str, cells: tuple) -> str:
    """One table of the overview's figures (`cells`: its (label, number or None for “<3”) in order) in
    `language`."""
    category, number = escape(gettext("Category")), escape(gettext("Number"))
    body = "".join(
        f'\n    <tr><th scope="row">{escape(str(label))}</th>'
        f'<td class="amount">{"&lt;3" if value is None else value}</td></tr>\n  '
        for label, value in cells
    )
    return (
        f'\n<div class="table-wrap" tabindex="0" role="region" aria-labelledby="fig-{escape(key)}">\n'
        '<table class="ds-table" data-size="sm">\n'
        f'  <caption id="fig-{escape(key)}">{escape(str(title))}</caption>\n'
        f'  <thead><tr><th scope="col">{category}</th><th scope="col" class="amount">{number}</th></tr></thead>\n'
        f"  <tbody>\n  {body}\n  </tbody>\n</table>\n</div>\n"
    )


def figure_tables(tables: list[dict]) -> SafeString:
    """The overview's figure tables (`tables`: each with its key, title and rows of (label, number or None)), as
    the loop over them wrote them."""
    language = get_language()
    return SafeString(
        "".join(
            _figure_table(language, table["key"], str(table["title"]), tuple(table["rows"]))
            for table in tables
        )
    )
