"""One rule of "the mark is valid": the registry's query (`holding_mark()`), the property
(`has_valid_mark`) and the public status (`public_status()`) agree in every case, with the periods read lazily
or prefetched."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from balanse.certification import services
from balanse.certification.models import Certification, Period, mark_status
from balanse.core.dates import format_period
from tests.factories import OrganisationFactory

S = Certification.State
pytestmark = pytest.mark.django_db


def _current(operator, make_certification):
    return make_certification(OrganisationFactory(), S.CERTIFIED)


def _awarded_to_start_next_month(operator, make_certification):
    cert = make_certification(OrganisationFactory(), S.IN_REVIEW)
    services.award_mark(
        certification=cert, decided_by=operator, valid_from=timezone.localdate() + timedelta(days=30)
    )
    return cert


def _renewed_early(operator, make_certification):
    cert = make_certification(OrganisationFactory(), S.CERTIFIED)
    services.start_follow_up(certification=cert, by=operator, date=timezone.localdate())
    services.renew(certification=cert, decided_by=operator)  # the new period starts when this one ends
    return cert


def _renewed_after_a_gap(operator, make_certification):
    """The first period has ended; the renewal was decided to start next week."""
    cert = make_certification(OrganisationFactory(), S.CERTIFIED)
    today = timezone.localdate()
    Period.objects.filter(certification=cert).update(
        valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=36)
    )
    services.start_follow_up(certification=cert, by=operator, date=today)
    services.renew(certification=cert, decided_by=operator, valid_from=today + timedelta(days=7))
    return cert


def _expired(operator, make_certification):
    return make_certification(OrganisationFactory(), S.EXPIRED)


def _withdrawn(operator, make_certification):
    cert = make_certification(OrganisationFactory(), S.CERTIFIED)
    services.withdraw(certification=cert, by=operator, reason="Broke the agreement")
    return cert


CASES = [
    (_current, "valid"),
    (_awarded_to_start_next_month, "not_yet_valid"),
    (_renewed_early, "valid"),
    (_renewed_after_a_gap, "not_yet_valid"),
    (_expired, "expired"),
    (_withdrawn, "withdrawn"),
]


def _answers(pk: int, *, prefetch: bool) -> tuple[str, bool, bool]:
    """(public_status, has_valid_mark, listed by holding_mark) for the certification `pk`, read afresh."""
    certifications = Certification.objects.all()
    if prefetch:
        certifications = certifications.prefetch_related("periods")
    cert = certifications.get(pk=pk)
    listed = Certification.objects.holding_mark().filter(pk=pk).exists()
    return cert.public_status(), cert.has_valid_mark, listed


@pytest.mark.parametrize("prefetch", [False, True], ids=["lazy", "prefetched"])
@pytest.mark.parametrize(("make", "status"), CASES, ids=[make.__name__.strip("_") for make, _s in CASES])
def test_the_three_answers_agree(operator, make_certification, make, status, prefetch):
    cert = make(operator, make_certification)
    assert _answers(cert.pk, prefetch=prefetch) == (status, status == "valid", status == "valid")


def test_the_last_valid_day_is_valid_and_the_day_after_is_not(operator, make_certification):
    cert = make_certification(OrganisationFactory(), S.CERTIFIED)
    cert.refresh_from_db()
    with time_machine.travel(f"{cert.valid_until.isoformat()} 23:30 +0100", tick=False):
        assert timezone.localdate() == cert.valid_until
        for prefetch in (False, True):
            assert _answers(cert.pk, prefetch=prefetch) == ("valid", True, True)
    day_after = cert.valid_until + timedelta(days=1)
    with time_machine.travel(f"{day_after.isoformat()} 00:30 +0100", tick=False):
        for prefetch in (False, True):
            assert _answers(cert.pk, prefetch=prefetch) == ("expired", False, False)


def test_holding_mark_and_public_status_take_the_same_day(operator, make_certification):
    cert = _awarded_to_start_next_month(operator, make_certification)
    cert.refresh_from_db()
    start = cert.valid_from
    for day, status in [(start - timedelta(days=1), "not_yet_valid"), (start, "valid")]:
        assert cert.public_status(day) == status
        assert Certification.objects.holding_mark(day).filter(pk=cert.pk).exists() == (status == "valid")


def test_the_rule_without_the_database():
    today = date(2026, 6, 10)
    year = (date(2026, 6, 10), date(2027, 6, 9))
    running = (date(2025, 6, 10), date(2026, 6, 9))

    def status(state, period, periods=()):
        return mark_status(
            state=state, valid_from=period[0], valid_until=period[1], periods=periods, today=today
        )

    assert status(S.CERTIFIED, year) == "valid"
    assert status(S.FOLLOW_UP, year) == "valid"
    assert status(S.CERTIFIED, (date(2026, 7, 1), date(2027, 6, 30))) == "not_yet_valid"
    assert (
        status(S.CERTIFIED, (date(2026, 6, 11), date(2027, 6, 10)), [(date(2025, 6, 11), today)]) == "valid"
    )
    assert status(S.CERTIFIED, running) == "expired"
    assert status(S.EXPIRED, year) == "expired"
    assert status(S.WITHDRAWN, year) == "withdrawn"
    assert status(S.IN_REVIEW, (None, None)) == "expired"


def test_the_periods_are_read_only_for_a_mark_that_has_not_started(
    operator, make_certification, django_assert_num_queries
):
    current = make_certification(OrganisationFactory(), S.CERTIFIED)
    current.refresh_from_db()
    with django_assert_num_queries(0):
        assert current.public_status() == "valid"
    future = _awarded_to_start_next_month(operator, make_certification)
    future.refresh_from_db()
    with django_assert_num_queries(1):
        assert future.public_status() == "not_yet_valid"


def test_a_mark_awarded_to_start_later_is_not_called_valid_in_public(client, operator, make_certification):
    cert = _awarded_to_start_next_month(operator, make_certification)
    cert.refresh_from_db()
    page = client.get(reverse("certification:verify", args=[cert.certificate_number])).content.decode()
    assert "Ikke gyldig ennå." in page
    assert "Gyldig." not in page
    assert cert.organisation.name not in client.get(reverse("certification:registry")).content.decode()
    assert client.get(reverse("certification:diploma", args=[cert.certificate_number])).status_code == 404
    badge = client.get(reverse("certification:badge", args=[cert.certificate_number])).content.decode()
    assert "Balansemerket: ikke gyldig ennå" in badge


def test_an_early_renewal_shows_the_period_that_runs_today(client, operator, make_certification):
    cert = _renewed_early(operator, make_certification)
    first, renewal = cert.periods.order_by("valid_from")
    page = client.get(reverse("certification:verify", args=[cert.certificate_number])).content.decode()
    assert "Gyldig." in page
    with translation.override("nb"):
        assert format_period(first.valid_from, first.valid_until) in page
        assert format_period(renewal.valid_from, renewal.valid_until) not in page
