"""Cell formats every register shares (BACK-OFFICE.md): amounts, dates, booleans, choices.

Each widget reads what Norwegian spreadsheets write and writes what it reads, so export → import is identical.
A value it cannot read raises ValueError with a message in the user's language; the import shows it beside
the row number.
"""

import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from import_export import widgets

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NumberWidget(widgets.Widget):
    """A whole number (a year, a count of participants): `1 750` and `1750` both work. Written as `1750`."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and float(value) == int(value):
            return int(value)
        text = _SPACES.sub("", str(value))
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(int(value))


class AmountWidget(NumberWidget):
    """Whole kroner: `15 000`, `15000`, `15 000,00` and `kr 15 000` all mean 15000. Written as `15000`."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value) != int(value):
                raise ValueError(_("Write the amount in whole kroner, such as 15 000."))
            return int(value)
        text = _SPACES.sub("", str(value)).lower().removeprefix("kr").removesuffix("kr").removesuffix(",-")
        match = re.fullmatch(r"(-?\d+)(?:[.,](\d{1,2}))?", text)
        if not match or (match.group(2) and int(match.group(2)) != 0):
            raise ValueError(
                _("“%(value)s” is not an amount in whole kroner (write it like 15 000).") % {"value": value}
            )
        return int(match.group(1))


class DateWidget(widgets.Widget):
    """`YYYY-MM-DD` or `DD.MM.YYYY` (an Excel date cell too). Written as `YYYY-MM-DD`."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date. Write it as 2020-03-31 or 31.03.2020.") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


TRUE = {"ja", "yes", "1", "true", "sant", "x"}
FALSE = {"nei", "no", "0", "false", "usant", ""}


class BooleanWidget(widgets.Widget):
    """`ja`/`nei`, `yes`/`no`, `1`/`0` (empty is no). Written as `ja` / `nei`."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError(_("“%(value)s” is not ja or nei.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "ja" if value else "nei"


class ChoiceWidget(widgets.Widget):
    """One of a fixed set, read by its value or any of its labels (case does not matter).

    `choices` maps each stored value to the names accepted for it; the first name is written on export.
    """

    def __init__(self, choices: dict[str, list[str]], *, allow_empty: bool = False):
        super().__init__()
        self.choices = choices
        self.allow_empty = allow_empty
        self.lookup = {}
        for stored, names in choices.items():
            for name in [stored, *names]:
                self.lookup[str(name).strip().lower()] = stored

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text and self.allow_empty:
            return ""
        stored = self.lookup.get(text.lower())
        if stored is None:
            allowed = ", ".join(names[0] if names else stored for stored, names in self.choices.items())
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            )
        return stored

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        names = self.choices.get(value)
        return names[0] if names else str(value)


class TextWidget(widgets.CharWidget):
    """Text, trimmed. Written as it is."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else str(value).strip()
