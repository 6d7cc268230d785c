"""One way to show a date, a time and a period, in Norwegian and in English.

    27. november 2026            27 November 2026
    27. november 2026 kl. 14.05  27 November 2026, 14:05
    27. november 2026 – t.o.m. 26. november 2027   (the last valid day is written out: "up to and including")

Templates use the builtin filters `as_date`, `as_datetime`, `as_time` and the tag `{% period start end %}`
(balanse/core/templatetags/site.py); Python code (e-mails, PDFs, CSV) calls the functions here.
"""

from datetime import date, datetime, time
from functools import lru_cache

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

FORMATS = {
    "nb": {"date": "j. F Y", "time": r"\k\l. H.i", "datetime": r"j. F Y \k\l. H.i", "short": "d.m.Y"},
    "en": {"date": "j F Y", "time": "H:i", "datetime": "j F Y, H:i", "short": "Y-m-d"},
}
# A moment is its day and its time of day, written apart (each kept) and joined: "datetime" above, in parts.
BETWEEN_DAY_AND_TIME = {"nb": " ", "en": ", "}


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@lru_cache(maxsize=4096)
def _day_text(value: date, language: str | None, kind: str) -> str:
    """A day written out, kept per language: a list shows the same days on many rows and pages, and Django's
    `date_format` (which translates the month's name) costs about 15 µs each time. `language` is the active
    one, so that the text is made in it."""
    return date_format(value, FORMATS.get((language or "nb")[:2], FORMATS["nb"])[kind])


def _day(value: date | datetime | None, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):  # its day in the site's time zone: the formats of a day show no time
        value = _local(value).date()
    return _day_text(value, get_language(), kind)


def format_date(value: date | datetime | None) -> str:
    """27. november 2026 / 27 November 2026; an empty string for None."""
    return _day(value, "date")


def format_short_date(value: date | datetime | None) -> str:
    """27.11.2026 / 2026-11-27, for dense tables and files."""
    return _day(value, "short")


@lru_cache(maxsize=4096)
def _clock_text(hour: int, minute: int, language: str | None) -> str:
    """A time of day written out, kept per language (as `_day_text`)."""
    return date_format(time(hour, minute), FORMATS.get((language or "nb")[:2], FORMATS["nb"])["time"])


def format_time(value: datetime | None) -> str:
    """kl. 14.05 / 14:05, in the site's time zone."""
    if value is None or value == "":
        return ""
    local = _local(value)
    return _clock_text(local.hour, local.minute, get_language())


def format_datetime(value: datetime | None) -> str:
    """27. november 2026 kl. 14.05 / 27 November 2026, 14:05, in the site's time zone (the day's and the time's
    texts are kept: a log shows many moments on a page)."""
    if value is None or value == "":
        return ""
    local, language = _local(value), get_language()
    between = BETWEEN_DAY_AND_TIME.get((language or "nb")[:2], BETWEEN_DAY_AND_TIME["nb"])
    return (
        _day_text(local.date(), language, "date") + between + _clock_text(local.hour, local.minute, language)
    )


def format_period(start: date | None, end: date | None) -> str:
    """A period whose last day is included: "27. november 2026 – t.o.m. 26. november 2027"."""
    if start and end:
        return gettext("%(start)s – up to and including %(end)s") % {
            "start": format_date(start),
            "end": format_date(end),
        }
    if end:
        return gettext("up to and including %(end)s") % {"end": format_date(end)}
    if start:
        return gettext("from %(start)s") % {"start": format_date(start)}
    return ""
