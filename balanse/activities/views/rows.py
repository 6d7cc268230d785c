"""The lists that grow with the register written in Python, each row kept per row value and language, rather than
by the template language on every request (some 40–80 µs a row there, which a list that fills up to its page pays
for every row it gains): the public calendar's activities and the operator's list. The same markup the templates
wrote, every value escaped as the template escaped it (Django's `escape` is `html.escape` of the text), dates
written by `core.dates` as the filters write them. tests/activities/test_rows.py holds the two equal."""

from datetime import time
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from balanse.activities.queries import CalendarRow, ListRow
from balanse.core.dates import format_date, format_short_date
from balanse.core.views_helpers import tag


def _clock(value: time) -> str:
    """The `time:"H:i"` filter's text (18:05), the same in every language."""
    return value.isoformat("minutes")


@lru_cache(maxsize=4096)
def _calendar_item(activity: CalendarRow, language: str | None) -> str:
    """One activity as the calendar's loop wrote it (with the loop's white space around it), in `language` (the
    active one when it was first asked for: the day's text, "Digital")."""
    pk, title, date, start, end, digital, place, type_, registration = activity
    when = format_date(date)
    if start:
        when += f", {_clock(start)}–{_clock(end)}" if end else f", {_clock(start)}"
    if digital:  # the words translated outside the f-strings, where makemessages finds them
        online = gettext("Digital")
        place = f"{online}, {place}" if place else online
    required = ""
    if registration:
        required = escape(gettext("Registration required"))
        required = f'<p class="ds-paragraph event-meta">{required}</p>'
    url = reverse("activities:calendar_detail", args=[pk])
    return (
        '\n  <li class="ds-card">\n'
        f'    <h2 class="ds-heading" data-size="sm"><a class="ds-link" href="{escape(url)}">{escape(title)}</a></h2>\n'
        f'    <p class="ds-paragraph event-meta">{escape(when)} · {escape(place)} · {escape(type_)}</p>\n'
        f"    {required}\n"
        "  </li>\n"
    )


def calendar_rows(activities: list[CalendarRow]) -> SafeString:
    """The calendar's list items (the page's `CalendarRow`s, in its order), each written once per value and
    language."""
    language = get_language()
    return SafeString("".join([_calendar_item(activity, language) for activity in activities]))


@lru_cache(maxsize=4096)
def _list_row(row: ListRow, language: str | None) -> str:
    """One activity as the list's table wrote its row (with the loop's white space around it), in `language` (as
    `_calendar_item`)."""
    pk, date, title, public, cancelled, type_, digital, place, organisers, members, *figures = row
    if digital:  # the words translated outside the f-strings, where makemessages finds them
        online = escape(gettext("Digital"))
        place = f"{online} · {escape(place)}" if place else online
    else:
        place = escape(place) if place else "–"
    organisers = escape(organisers) or "–"
    if members:
        linked = ngettext("%(counter)s member linked", "%(counter)s members linked", members)
        organisers += f'<br><span class="muted">{linked % {"counter": members}}</span>'
    tags = "" if public else " " + tag("neutral", gettext("closed"))
    if cancelled:
        tags += " " + tag("warning", gettext("cancelled"))
    participants, streaming = ("–" if figure is None else figure for figure in figures)
    url = reverse("activities:edit", args=[pk])
    return (
        "\n    \n    <tr>\n"
        f'      <td class="nowrap">{escape(format_short_date(date))}</td>\n'
        f'      <th scope="row"><a class="ds-link" href="{escape(url)}">{escape(title)}</a>{tags}</th>\n'
        f"      <td>{escape(type_)}</td>\n"
        f"      <td>{place}</td>\n"
        f"      <td>{organisers}</td>\n"
        f'      <td class="amount">{participants}</td>\n'
        f'      <td class="amount">{streaming}</td>\n'
        "    </tr>\n\n  "
    )


def list_rows(rows: list[ListRow]) -> SafeString:
    """The operator's list's table rows (the page's `ListRow`s, in its order), each written once per value and
    language."""
    language = get_language()
    return SafeString("".join([_list_row(row, language) for row in rows]))
