"""The renewal rule: a period is valid until the day before its anniversary, and a renewal starts on the
anniversary, so the periods tile exactly year after year, leap days included."""

from datetime import date, timedelta

import pytest
import time_machine
from django.apps import apps

from balanse.certification import services
from balanse.certification.models import Certification, Period
from tests.certification.conftest import tick_all
from tests.factories import OrganisationFactory

S = Certification.State
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2020, 6, 10), date(2021, 6, 9)),
        (date(2023, 3, 1), date(2024, 2, 29)),  # the year includes a leap day
        (date(2024, 2, 29), date(2025, 2, 28)),  # starts on a leap day
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_ends_the_day_before_the_anniversary(day, end):
    assert services.period_end(day) == end


def _renew_every_year(cert, operator, years: int) -> None:
    for _ in range(years):
        # The follow-up meeting a month before the end, the renewal a week before.
        with time_machine.travel(f"{(cert.valid_until - timedelta(days=30)).isoformat()} 10:00 +0100"):
            services.start_follow_up(
                certification=cert, by=operator, date=cert.valid_until - timedelta(days=30)
            )
            tick_all(cert)
        with time_machine.travel(f"{(cert.valid_until - timedelta(days=7)).isoformat()} 10:00 +0100"):
            services.renew(certification=cert, decided_by=operator)
        cert.refresh_from_db()


@pytest.mark.parametrize(
    ("first", "anniversary"),
    [
        (date(2020, 6, 10), (6, 10)),  # Norsk jazzforum's date
        (date(2023, 3, 1), (3, 1)),  # crosses 29 February 2024, 2028 and 2032
        (date(2024, 2, 29), (3, 1)),  # awarded on a leap day: the anniversary is 1 March after that
    ],
)
def test_ten_years_of_renewals_tile_exactly(organisation, operator, make_certification, first, anniversary):
    with time_machine.travel(f"{first.isoformat()} 10:00 +0100"):
        cert = make_certification(organisation, S.IN_REVIEW)
        services.award_mark(certification=cert, decided_by=operator, valid_from=first)
    cert.refresh_from_db()
    _renew_every_year(cert, operator, 10)
    periods = list(cert.periods.order_by("valid_from"))
    assert len(periods) == 11
    assert periods[0].valid_from == first
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert later.valid_from == earlier.valid_until + timedelta(days=1)  # no gap, no overlap
        assert (later.valid_from.month, later.valid_from.day) == anniversary  # the anniversary never drifts
    for period in periods:
        assert period.valid_until == services.anniversary(period.valid_from) - timedelta(days=1)
        assert 365 <= (period.valid_until - period.valid_from).days + 1 <= 366
    assert cert.valid_until == periods[-1].valid_until
    assert periods[-1].valid_from.year == first.year + 10


def test_migration_moves_drifted_periods_back_to_the_anniversary(organisation, operator, make_certification):
    from importlib import import_module

    migration = import_module("balanse.certification.migrations.0003_periods_tile")
    cert = make_certification(organisation, S.CERTIFIED)
    cert.periods.all().delete()
    old = [
        (date(2020, 6, 10), date(2021, 6, 10)),
        (date(2021, 6, 11), date(2022, 6, 11)),
        (date(2022, 6, 12), date(2023, 6, 12)),
        # A late renewal after a gap keeps its start.
        (date(2023, 9, 1), date(2024, 9, 1)),
        (date(2024, 9, 2), date(2025, 9, 2)),
    ]
    for cycle, (start, end) in enumerate(old, start=1):
        Period.objects.create(certification=cert, cycle=cycle, valid_from=start, valid_until=end)
    Certification.objects.filter(pk=cert.pk).update(valid_from=old[-1][0], valid_until=old[-1][1])
    other = make_certification(OrganisationFactory(), S.CERTIFIED)
    hand_set = other.periods.get()
    Period.objects.filter(pk=hand_set.pk).update(valid_until=hand_set.valid_from + timedelta(days=200))

    migration.tile_periods(apps, None)

    assert list(cert.periods.order_by("valid_from").values_list("valid_from", "valid_until")) == [
        (date(2020, 6, 10), date(2021, 6, 9)),
        (date(2021, 6, 10), date(2022, 6, 9)),
        (date(2022, 6, 10), date(2023, 6, 9)),
        (date(2023, 9, 1), date(2024, 8, 31)),
        (date(2024, 9, 1), date(2025, 8, 31)),
    ]
    cert.refresh_from_db()
    assert (cert.valid_from, cert.valid_until) == (date(2024, 9, 1), date(2025, 8, 31))
    hand_set_after = Period.objects.get(pk=hand_set.pk)
    assert hand_set_after.valid_until == hand_set.valid_from + timedelta(days=200)  # not made by the rule
    # Running it again changes nothing.
    migration.tile_periods(apps, None)
    assert cert.periods.order_by("valid_from").first().valid_until == date(2021, 6, 9)
