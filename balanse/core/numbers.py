"""Whole numbers from a request: ASCII digits only.

Python's `int()` and `str.isdigit()` accept other scripts' digits and superscripts ("٣" is 3, "²" passes
isdigit() and then fails int()), so a number typed or sent by a browser is parsed here instead."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def parse_ascii_int(raw, *, low: int | None = None, high: int | None = None) -> int | None:
    """The number in `raw` if it is ASCII digits only (no sign, no spaces) within [low, high]; else None."""
    if not isinstance(raw, str) or not ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


class AsciiIntegerField(forms.IntegerField):
    """An IntegerField that refuses anything but ASCII digits (an optional leading minus when min_value
    allows negative numbers)."""

    default_error_messages = {"invalid": _("Write a whole number with the digits 0–9.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        negative = text.startswith("-") and (self.min_value is None or self.min_value < 0)
        digits = text[1:] if negative else text
        if not ASCII_DIGITS.fullmatch(digits):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return -int(digits) if negative else int(digits)


def percent(part, whole) -> float:
    """part / whole × 100 with one decimal, rounded half up (0.0 when whole is 0): every published share."""
    if not whole:
        return 0.0
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
