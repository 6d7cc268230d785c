"""The advisory line's hours as data: open now, and the next opening, on the “Søk råd” page."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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
    assert line.changes_at == expected  # what the kept page holds until


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


def _status(client) -> tuple[str, int]:
    """The line's “now” on the page, and the queries besides the write stamp (0: the kept page)."""
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("advice:seek_advice")).content.decode()
    status = html.split('class="line-status">', 1)[1].split("</dd>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", status).split()), sum(
        "core_writestamp" not in query["sql"] for query in captured.captured_queries
    )


@pytest.mark.django_db
def test_the_kept_page_turns_as_the_line_opens_and_closes():
    """The page is kept for visitors (issue 19), but only until the line opens or closes."""
    line = AdviceContact.objects.get(slug="balansekunst-radgivningstelefon")
    line.save()  # a write: the registers have a stamp to keep under
    visitor = Client()
    with time_machine.travel(
        datetime(2026, 12, 1, 11, 59, 50, tzinfo=OSLO), tick=False
    ) as traveller:  # a Tuesday
        status, _ = _status(visitor)
        assert status == "Stengt nå Åpner tirsdag 1. desember 2026 kl. 12.00"  # not “kl. kl.”
        assert _status(visitor) == (status, 0)  # kept
        traveller.move_to(datetime(2026, 12, 1, 12, 0, tzinfo=OSLO))
        status, queries = _status(visitor)
        assert "Åpen nå" in status and "til kl. 15.00" in status and queries > 0
        traveller.move_to(datetime(2026, 12, 1, 14, 59, 59, tzinfo=OSLO))
        assert _status(visitor) == (status, 0)
        traveller.move_to(datetime(2026, 12, 1, 15, 0, tzinfo=OSLO))
        status, _ = _status(visitor)
        assert "Stengt nå" in status and "torsdag" in status
        # A change to the hours shows at once.
        AdviceContact.objects.filter(pk=line.pk).update(weekly_hours="tir 15:00–18:00")
        status, _ = _status(visitor)
        assert "Åpen nå" in status and "til kl. 18.00" in status
