"""KID numbers (MOD10) and organisation numbers (MOD11), as properties over many numbers (hypothesis)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from balanse.members import services
from balanse.members.kid import kid_is_valid, make_kid, mod10_check_digit
from balanse.members.registers import OrgNumberWidget

years = st.integers(min_value=1000, max_value=9999)
member_numbers = st.integers(min_value=1, max_value=999_999)


def luhn_sum_ok(number: str) -> bool:
    """The textbook Luhn check, written independently of the code under test."""
    digits = [int(d) for d in number][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


@given(year=years, member=member_numbers)
def test_kid_has_eleven_digits_and_a_valid_mod10_check_digit(year, member):
    kid = make_kid(year=year, member_number=member)
    assert len(kid) == 11 and kid.isdigit()
    assert kid.startswith(f"{year:04d}{member:06d}")
    assert kid_is_valid(kid)
    assert luhn_sum_ok(kid)


@given(year=years, member=member_numbers, position=st.integers(0, 10), delta=st.integers(1, 9))
def test_kid_with_one_digit_changed_is_refused(year, member, position, delta):
    kid = make_kid(year=year, member_number=member)
    changed = kid[:position] + str((int(kid[position]) + delta) % 10) + kid[position + 1 :]
    assert not kid_is_valid(changed)


@given(year=years, member=member_numbers, position=st.integers(0, 9))
def test_kid_with_two_neighbours_swapped_is_refused_unless_they_are_09(year, member, position):
    kid = make_kid(year=year, member_number=member)
    a, b = kid[position], kid[position + 1]
    swapped = kid[:position] + b + a + kid[position + 2 :]
    if a == b or {a, b} == {"0", "9"}:
        return  # Luhn cannot see these swaps
    assert not kid_is_valid(swapped)


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=24))
def test_mod10_check_digit_agrees_with_the_textbook_luhn(digits):
    assert luhn_sum_ok(digits + mod10_check_digit(digits))


@pytest.mark.parametrize("kid", ["", "1", "12a4", "2020000123" + "0" * 20])
def test_kid_that_is_not_2_to_25_digits_is_refused(kid):
    assert not kid_is_valid(kid)


def test_kid_refuses_numbers_it_cannot_hold():
    with pytest.raises(ValueError):
        make_kid(year=2020, member_number=1_000_000)


ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def with_mod11(base: str) -> str | None:
    check = 11 - sum(int(d) * w for d, w in zip(base, ORG_WEIGHTS, strict=True)) % 11
    check = 0 if check == 11 else check
    return None if check == 10 else base + str(check)


eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(base=eight_digits, separator=st.sampled_from(["", " ", ".", "-"]))
def test_org_number_with_a_right_check_digit_is_accepted_as_people_type_it(base, separator):
    number = with_mod11(base)
    if number is None:
        return
    typed = separator.join([number[:3], number[3:6], number[6:]])
    assert services.clean_org_number(typed) == number
    assert OrgNumberWidget().clean(typed) == number


@given(base=eight_digits, wrong=st.integers(1, 9))
def test_org_number_with_a_wrong_check_digit_is_refused_with_a_norwegian_message(base, wrong):
    number = with_mod11(base) or base + "0"
    bad = number[:8] + str((int(number[8]) + wrong) % 10)
    if with_mod11(base) == bad:
        return
    with pytest.raises(ValidationError) as excinfo:
        services.clean_org_number(bad)
    assert excinfo.value.messages == [
        "Dette er ikke et gyldig organisasjonsnummer: det siste sifferet stemmer ikke. Sjekk om det er en skrivefeil."
    ]
    with pytest.raises(ValueError, match="siste sifferet stemmer ikke"):
        OrgNumberWidget().clean(bad)


@given(text=st.text(alphabet="0123456789", min_size=1, max_size=8) | st.text(min_size=9, max_size=12))
def test_org_number_that_is_not_nine_digits_is_refused(text):
    digits = "".join(c for c in text if c not in " .-\t\n\r\x0b\x0c")
    if not digits:
        return
    if len(digits) == 9 and digits.isdigit():
        return
    with pytest.raises(ValidationError):
        services.clean_org_number(text)


def test_org_number_may_be_empty():
    assert services.clean_org_number("") == ""
