"""The advisory line's hours as data: open now, and the next opening, on the “Søk råd” page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from balanse.advice import hours
from balanse.advice.models import AdviceContact

OSLO = ZoneInfo("Europe/Oslo")
SLOTS = hours.parse("tirsdag 12–15, tor 12:00-15.00")


def test_hours_are_read_in_norwegian_and_english_and_stored_alike():
    assert hours.normalise("Tuesdays 12-15; thu 12:00–15:00") == "tir 12:00–15:00; tor 12:00–15:00"
    assert [(s.weekday, s.opens.hour, s.closes.hour) for s in SLOTS] == [(1, 12, 15), (3, 12, 15)]
    for bad in ("tirsdag", "blårsdag 12-15", "tir 15-12", "tir 25-26"):
        with pytest.raises(ValueError):
            hours.parse(bad)


@pytest.mark.parametrize(
    ("now", "open_now", "expected"),
    [
        (
            datetime(2026, 12, 1, 12, 0, tzinfo=OSLO),
            True,
            datetime(2026, 12, 1, 15, 0, tzinfo=OSLO),
        ),  # Tue 12:00
        (datetime(2026, 12, 1, 14, 59, tzinfo=OSLO), True, datetime(2026, 12, 1, 15, 0, tzinfo=OSLO)),
        (
            datetime(2026, 12, 1, 15, 0, tzinfo=OSLO),
            False,
            datetime(2026, 12, 3, 12, 0, tzinfo=OSLO),
        ),  # → Thu
        (datetime(2026, 12, 1, 9, 0, tzinfo=OSLO), False, datetime(2026, 12, 1, 12, 0, tzinfo=OSLO)),
        (
            datetime(2026, 12, 4, 16, 0, tzinfo=OSLO),
            False,
            datetime(2026, 12, 8, 12, 0, tzinfo=OSLO),
        ),  # Fri → Tue
    ],
)
def test_open_now_and_the_next_opening(now, open_now, expected):
    line = hours.status(SLOTS, now)
    assert line.open_now is open_now
    assert (line.closes_at if open_now else line.next_opening) == expected


@pytest.mark.django_db
def test_the_seek_advice_page_shows_whether_the_line_is_open(client, operator_client):
    line = AdviceContact.objects.get(slug="balansekunst-radgivningstelefon")
    assert line.weekly_hours == "tir 12:00–15:00; tor 12:00–15:00"
    html = client.get(reverse("advice:seek_advice")).content.decode()
    assert ("Åpen nå" in html) or ("Stengt nå" in html)
    response = operator_client.post(
        reverse("advice:contact_edit", args=[line.pk]),
        {"name": line.name, "weekly_hours": "blårsdag 12-15", "position": 1},
    )
    assert response.status_code == 200 and "er ikke en dag og et klokkeslett" in response.content.decode()
    line.refresh_from_db()
    assert line.weekly_hours == "tir 12:00–15:00; tor 12:00–15:00"
