"""The fee cut-off: a member that joins after it pays no fee for that year (15 November in 2020).

A year's own cut-off is set on its fee year (`FeeYear.cutoff`); without one the day and month in the setting
`MEMBERS_FEE_CUTOFF` ("15.11") apply.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _day_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.?\s*", text or "")
    if not match:
        raise ValueError(text)
    day, month = int(match.group(1)), int(match.group(2))
    date(2024, month, day)  # raises ValueError for 31.02 (2024: a leap year, so 29.02 is allowed)
    return day, month


def check_cutoff_setting() -> None:
    """Stop start-up on a cut-off the app cannot read, naming the variable."""
    try:
        _day_month(settings.MEMBERS_FEE_CUTOFF)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"MEMBERS_FEE_CUTOFF must be a day and month written DD.MM, such as 15.11, "
            f"not {settings.MEMBERS_FEE_CUTOFF!r}"
        ) from exc


def default_cutoff(year: int) -> date:
    day, month = _day_month(settings.MEMBERS_FEE_CUTOFF)
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return date(year, month, day)
