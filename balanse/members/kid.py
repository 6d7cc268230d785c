"""KID numbers (kundeidentifikasjon) for the fee claims: digits with a MOD10 (Luhn) check digit.

A fee's KID is the year (4 digits), the member's number (6 digits) and the check digit: 11 digits, unique
per member and year, and what the bank reports back with each payment.
"""

import re


def mod10_check_digit(digits: str) -> str:
    """The Luhn (MOD10) check digit for `digits`: from the right, every other digit doubled."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def kid_is_valid(kid: str) -> bool:
    """A KID of 2–25 digits whose last digit is its MOD10 check digit."""
    return bool(re.fullmatch(r"\d{2,25}", kid or "")) and mod10_check_digit(kid[:-1]) == kid[-1]


def make_kid(*, year: int, member_number: int) -> str:
    if not (1000 <= year <= 9999 and 0 < member_number <= 999_999):
        raise ValueError(f"no KID for year {year} and member {member_number}")
    base = f"{year:04d}{member_number:06d}"
    return base + mod10_check_digit(base)


def normalise_kid(value: str) -> str:
    """What people and banks write (“2020 000123 4”) as bare digits."""
    return re.sub(r"[\s.\-]", "", str(value or ""))
