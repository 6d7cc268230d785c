"""Numbers from a request are ASCII digits only (issue 9, finding 4): the shared parser, and the views outside
the exercise that read a number from the address."""

import pytest
from django.urls import reverse

from balanse.core.numbers import parse_ascii_int

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("1", 1),
        ("10", 10),
        ("7", 7),
        ("0", None),
        ("11", None),
        ("²", None),
        ("٣", None),
        ("３", None),
        (" 3", None),
        ("3 ", None),
        ("+3", None),
        ("-3", None),
        ("3.0", None),
        ("1_0", None),
        ("", None),
        (None, None),
        ("9" * 5000, None),
    ],
)
def test_parse_ascii_int_accepts_only_ascii_digits_in_range(raw, expected):
    assert parse_ascii_int(raw, low=1, high=10) == expected


def test_card_deck_shuffle_number_in_unicode_digits_is_not_an_error(client):
    response = client.get(reverse("cards:deck", args=["samtalekort"]), {"stokk": "²", "kort": "٣"})
    assert response.status_code == 200


def test_certification_dashboard_year_in_unicode_digits_is_not_an_error(operator_client):
    response = operator_client.get(reverse("certification:dashboard"), {"ar": "²"})
    assert response.status_code == 200
