"""The log's table rows and the figures page's lists (the year's key figures and its totals without rows), written
in Python rather than by the template language (some 30–40 µs a row there), each kept per value and language
(`functools.lru_cache`). The markup is communication/_list_table.html's row and figures.html's loops before,
character for character, every value escaped as the template escaped it (Django's `escape` is `html.escape` of
the text; a translated word is escaped too, which changes none of these); tests/communication/test_rows.py holds
the two equal."""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.communication.models import EntryType
from balanse.core.dates import format_short_date
from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link

# The columns of an entry, as `queries.list_rows` reads them; of a key figure and of a total, as
# `queries.figures_page` reads them.
ENTRY_COLUMNS = ("pk", "date", "title", "link", "type", "outlet")
KEY_FIGURE_COLUMNS = ("pk", "name", "value", "unit")
SUPPLEMENT_COLUMNS = ("pk", "year", "type", "count", "note")


@lru_cache(maxsize=4096)
def _entry_row(language: str | None, row: tuple) -> str:
    """One entry's row of the log (`row`: its values in the order of `ENTRY_COLUMNS`) in `language`."""
    pk, day, title, link, type_, outlet = row
    url = row_link("communication:edit")(pk)
    title = escape(title)
    opened = ""
    if link:
        word = escape(gettext("open"))  # outside the f-string: makemessages does not look inside its braces
        opened = (
            f' · <a class="ds-link" href="{escape(link)}" rel="noopener noreferrer">{word}'
            f'<span class="visually-hidden"> {title}</span></a>'
        )
    return (
        "\n    \n    <tr>\n"
        f'      <td class="nowrap">{escape(format_short_date(day))}</td>\n'
        f'      <th scope="row"><a class="ds-link" href="{escape(url)}">{title}</a>{opened}</th>\n'
        f"      <td>{escape(choice_label(EntryType, type_))}</td>\n"
        f"      <td>{escape(outlet) if outlet else '–'}</td>\n"
        "    </tr>\n\n  "
    )


def entry_rows(rows) -> SafeString:
    """The log's table rows for `rows` (tuples of `ENTRY_COLUMNS`, in the page's order)."""
    language = get_language()
    return SafeString("".join(_entry_row(language, tuple(row)) for row in rows))


def display_value(value) -> str:
    """A key figure's value as `KeyFigure.display_value` writes it."""
    return str(int(value)) if value == int(value) else str(value)


@lru_cache(maxsize=4096)
def _key_figure_item(row: tuple) -> str:
    """One key figure's list item (`row`: its values in the order of `KEY_FIGURE_COLUMNS`); no word to
    translate in it."""
    pk, name, value, unit = row
    url = row_link("communication:key_figure_edit")(pk)
    after = f" {escape(unit)}" if unit else ""
    return (
        f'<li><a class="ds-link" href="{escape(url)}">{escape(name)}</a>: {display_value(value)}{after}</li>'
    )


def key_figure_items(rows) -> SafeString:
    """The items of the key figures' list for `rows` (tuples of `KEY_FIGURE_COLUMNS`, in order)."""
    return SafeString("".join(_key_figure_item(tuple(row)) for row in rows))


def _csrf_input(token: str) -> str:
    """What `{% csrf_token %}` writes for `token`."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 (the tag's word for "no token", not a secret)
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


@lru_cache(maxsize=4096)
def _supplement_item(language: str | None, row: tuple) -> tuple[str, str]:
    """One total's list item (`row`: its values in the order of `SUPPLEMENT_COLUMNS`) in `language`, as
    (before, after) the delete form's CSRF token (the one part that changes from one page to the next)."""
    pk, year, type_, count, note = row
    label = escape(choice_label(EntryType, type_))
    url = row_link("communication:supplement_delete")(pk)
    delete = escape(gettext("Delete"))  # outside the f-string: makemessages does not look inside its braces
    return (
        f"<li>{label}: {count} – {escape(note)}\n"
        f'  <form method="post" action="{escape(url)}" class="inline-form">',
        '<button class="ds-button" data-variant="tertiary" data-color="danger" data-size="sm" type="submit">'
        f'{delete}<span class="visually-hidden"> {year}: {count} × {label}</span></button></form></li>',
    )


def supplement_items(rows, csrf_token: str) -> SafeString:
    """The items of the totals' list for `rows` (tuples of `SUPPLEMENT_COLUMNS`, in order), each with the form
    that deletes it (`csrf_token`: the page's)."""
    language, token = get_language(), _csrf_input(csrf_token)
    out = []
    for row in rows:
        before, after = _supplement_item(language, tuple(row))
        out.append(f"{before}{token}{after}")
    return SafeString("".join(out))
