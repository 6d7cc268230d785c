"""The daily command's work: expiry and reminders. Both are idempotent."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balanse.certification.models import Certification, Period, Reminder
from balanse.certification.services.steps import expire
from balanse.certification.services.transitions import TransitionError
from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.organisations.queries import admins_of

S = Certification.State

REMINDER_DAYS = {Reminder.Kind.DAYS_60: 60, Reminder.Kind.DAYS_14: 14, Reminder.Kind.ON_THE_DAY: 0}


def expire_due(today: date | None = None) -> list[Certification]:
    """Expire every mark whose period ended before `today`. Idempotent."""
    today = today or timezone.localdate()
    expired = []
    due = Certification.objects.filter(state__in=[S.CERTIFIED, S.FOLLOW_UP], valid_until__lt=today)
    for cert in due:
        try:
            # `force`: the period ended before `today` (which may be given, e.g. to catch up after downtime).
            expired.append(expire(certification=cert, by=None, force=True))
        except TransitionError:
            continue
    return expired


def _recipients(cert: Certification) -> list:
    return [*admins_of(cert.organisation), settings.CERTIFICATION_OPERATOR_EMAIL]


def _send_reminder(cert: Certification, period: Period, kind: str, days: int) -> int:
    recipients = _recipients(cert)
    link = absolute_url("certification:organisation", args=[cert.organisation_id])
    context = {"certification": cert, "period": period, "days": days, "link": link}
    send_email(to=recipients, template="certification/email/reminder", context=context)
    return len(recipients)


def send_due_reminders(today: date | None = None) -> list[Reminder]:
    """Send the 60-day, 14-day and same-day reminders that are due and not yet sent. Idempotent: each
    reminder is recorded (one per period and kind) before its e-mail goes out."""
    today = today or timezone.localdate()
    sent = []
    periods = Period.objects.filter(
        certification__state__in=[S.CERTIFIED, S.FOLLOW_UP],
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=60),
    ).select_related("certification__organisation")
    for period in periods:
        cert = period.certification
        if cert.valid_until != period.valid_until:
            continue  # an older period of a renewed mark
        days_left = (period.valid_until - today).days
        # The most urgent reminder that is due; earlier ones missed by a stopped timer are skipped.
        due = [(k, d) for k, d in REMINDER_DAYS.items() if days_left <= d]
        if not due:
            continue
        kind, days = min(due, key=lambda pair: pair[1])
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(period=period, kind=kind)
            if not created:
                continue
            # Older kinds that were never sent are recorded as passed so they are not sent late.
            for other, other_days in REMINDER_DAYS.items():
                if other_days > days:
                    Reminder.objects.get_or_create(period=period, kind=other, defaults={"recipients": 0})
            reminder.recipients = _send_reminder(cert, period, kind, days_left)
            reminder.save(update_fields=["recipients"])
            audit.record(actor=None, action="certification.reminder_sent", obj=cert, kind=kind)
        sent.append(reminder)
    return sent
