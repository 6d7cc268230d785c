"""The daily command: expiry and reminders, idempotent across runs."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from balanse.certification import services
from balanse.certification.models import Certification, Reminder
from balanse.core.models import AuditEntry
from tests.factories import make_org_admin

S = Certification.State
pytestmark = pytest.mark.django_db


def _run(day: date) -> str:
    out = StringIO()
    # E-mails leave when the command's transaction commits (inside the test's transaction: when captured).
    with (
        time_machine.travel(f"{day.isoformat()} 06:00 +0100", tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("certification_daily", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def awarded(organisation, operator, make_certification, settings):
    settings.CERTIFICATION_OPERATOR_EMAIL = "drift@balansekunst.example"
    admin = make_org_admin(organisation, user__email="leder@teater.example")
    make_org_admin(organisation, user__email="nestleder@teater.example")
    cert = make_certification(organisation, S.IN_REVIEW)
    services.award_mark(certification=cert, decided_by=operator, valid_from=date(2026, 3, 1))
    cert.refresh_from_db()
    mail.outbox.clear()
    return cert, admin


def test_reminders_sent_at_60_14_and_0_days_once_each(awarded):
    cert, _admin = awarded
    until = cert.valid_until
    assert until == date(2027, 2, 28)
    assert _run(until - timedelta(days=61)) == "expired: 0, reminders sent: 0"
    assert _run(until - timedelta(days=60)) == "expired: 0, reminders sent: 1"
    assert _run(until - timedelta(days=60)) == "expired: 0, reminders sent: 0"
    assert _run(until - timedelta(days=59)) == "expired: 0, reminders sent: 0"
    assert _run(until - timedelta(days=14)) == "expired: 0, reminders sent: 1"
    assert _run(until - timedelta(days=14)) == "expired: 0, reminders sent: 0"
    assert _run(until) == "expired: 0, reminders sent: 1"
    assert _run(until) == "expired: 0, reminders sent: 0"
    subjects = [m.subject for m in mail.outbox]
    name = cert.organisation.name
    assert subjects == [
        f"Balansemerket for {name} utløper om 60 dager",
        f"Balansemerket for {name} utløper om 14 dager",
        f"Balansemerket for {name} utløper i dag",
    ]
    assert mail.outbox[0].to == [
        "leder@teater.example",
        "nestleder@teater.example",
        "drift@balansekunst.example",
    ]
    assert "BM-2026-001" in mail.outbox[0].body
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["0", "14", "60"]


def test_expiry_the_day_after_and_idempotent(awarded):
    cert, _admin = awarded
    day_after = cert.valid_until + timedelta(days=1)
    assert _run(day_after) == "expired: 1, reminders sent: 0"
    assert _run(day_after) == "expired: 0, reminders sent: 0"
    cert.refresh_from_db()
    assert cert.state == S.EXPIRED
    assert cert.public_status(day_after) == "expired"
    change = cert.history.last()
    assert (change.from_state, change.to_state, change.by) == (S.CERTIFIED, S.EXPIRED, None)
    assert AuditEntry.objects.filter(action="certification.expire", actor=None).count() == 1


def test_late_start_sends_only_the_most_urgent_reminder(awarded):
    cert, _admin = awarded
    assert _run(cert.valid_until - timedelta(days=10)) == "expired: 0, reminders sent: 1"
    assert [m.subject.rsplit(" ", 3)[-3:] for m in mail.outbox] == [["om", "10", "dager"]]
    assert _run(cert.valid_until - timedelta(days=9)) == "expired: 0, reminders sent: 0"


def test_renewed_mark_gets_reminders_for_the_new_period_only(awarded, operator):
    cert, _admin = awarded
    _run(cert.valid_until - timedelta(days=60))
    with time_machine.travel("2027-02-01 10:00 +0100", tick=False):
        services.start_follow_up(certification=cert, by=operator, date=date(2027, 2, 1))
        services.renew(certification=cert, decided_by=operator)
    cert.refresh_from_db()
    assert cert.valid_until == date(2028, 2, 29)
    mail.outbox.clear()
    assert _run(date(2027, 2, 15)) == "expired: 0, reminders sent: 0"
    assert _run(date(2027, 3, 1)) == "expired: 0, reminders sent: 0"
    assert _run(date(2027, 3, 2)) == "expired: 0, reminders sent: 0"
    cert.refresh_from_db()
    assert cert.state == S.CERTIFIED
    assert _run(date(2028, 1, 2)) == "expired: 0, reminders sent: 1"


def test_follow_up_past_end_of_period_expires(awarded, operator):
    cert, _admin = awarded
    services.start_follow_up(certification=cert, by=operator, date=date(2027, 2, 1))
    assert _run(date(2027, 3, 2)) == "expired: 1, reminders sent: 0"
    cert.refresh_from_db()
    assert cert.state == S.EXPIRED


def test_withdrawn_mark_gets_no_reminders(awarded, operator):
    cert, _admin = awarded
    services.withdraw(certification=cert, by=operator, reason="Breach")
    assert _run(cert.valid_until - timedelta(days=14)) == "expired: 0, reminders sent: 0"
    assert mail.outbox == []


def test_date_option_runs_as_if_today_were_that_day(awarded):
    cert, _admin = awarded
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(
            "certification_daily", "--date", (cert.valid_until - timedelta(days=1)).isoformat(), stdout=out
        )
    assert out.getvalue().strip() == "expired: 0, reminders sent: 1"
    assert mail.outbox[-1].subject == f"Balansemerket for {cert.organisation.name} utløper om 1 dag"
    assert "om 1 dag." in mail.outbox[-1].body
    out = StringIO()
    call_command(
        "certification_daily", "--date", (cert.valid_until + timedelta(days=1)).isoformat(), stdout=out
    )
    assert out.getvalue().strip() == "expired: 1, reminders sent: 0"
    cert.refresh_from_db()
    assert cert.state == S.EXPIRED
