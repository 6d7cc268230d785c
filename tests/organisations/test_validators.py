import pytest
from django.core.exceptions import ValidationError

from balanse.organisations.validators import normalise_org_number, org_number_is_valid, validate_org_number


@pytest.mark.parametrize("number", ["923609016", "974760673", "971524960"])
def test_org_number_valid_numbers_pass(number):
    assert org_number_is_valid(number)
    validate_org_number(number)


@pytest.mark.parametrize("number", ["923609017", "974760674", "123456789"])
def test_org_number_wrong_check_digit_is_rejected(number):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(number)
    assert exc.value.code == "org_number_checksum"


@pytest.mark.parametrize("number", ["12345", "9236090160", "92360901A"])
def test_org_number_wrong_length_or_characters_is_rejected(number):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(number)
    assert exc.value.code == "org_number_format"


def test_org_number_remainder_one_has_no_valid_check_digit():
    # Weighted sum ≡ 1 (mod 11) gives check digit 10, which no number can have.
    base = "00000005"  # 5 * 2 = 10 → 11 - 10 = 1? use a search instead of a hand value
    candidates = [f"{n:08d}" for n in range(0, 2000)]
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    for candidate in candidates:
        if sum(int(d) * w for d, w in zip(candidate, weights, strict=True)) % 11 == 1:
            base = candidate
            break
    assert all(not org_number_is_valid(base + str(d)) for d in range(10))


def test_org_number_empty_is_allowed():
    validate_org_number("")


def test_normalise_org_number_strips_spaces_and_dots():
    assert normalise_org_number(" 923 609.016 ") == "923609016"
