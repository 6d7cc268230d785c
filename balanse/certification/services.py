"""The lifecycle of Balansemerket. Every change of state goes through `transition()`, which checks the
table of allowed transitions, records who, when and why (history and audit log), and raises
`TransitionError` with a clear message for anything else. The named functions below are the verbs the
views, the daily command and other apps use."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.certification import notifications
from balanse.certification.models import (
    Application,
    Certification,
    ChecklistItem,
    ChecklistKey,
    CourseBooking,
    FollowUpMeeting,
    GuidanceMeeting,
    Period,
    Reminder,
    ReviewComment,
    ReviewDraft,
    StateChange,
    YearTarget,
)
from balanse.certification.requirements import all_complete, get_requirements
from balanse.certification.signals import cycle_started
from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.organisations.queries import admins_of

S = Certification.State

# The one table of allowed transitions: (from, to) -> the name of the step.
ALLOWED: dict[tuple[str, str], str] = {
    (S.APPLIED, S.COURSE): "book_course",
    (S.COURSE, S.MEASURES): "mark_course_held",
    (S.MEASURES, S.IN_REVIEW): "submit_for_review",
    (S.IN_REVIEW, S.MEASURES): "send_back",
    (S.IN_REVIEW, S.CERTIFIED): "award_mark",
    (S.CERTIFIED, S.FOLLOW_UP): "start_follow_up",
    (S.FOLLOW_UP, S.CERTIFIED): "renew",
    (S.CERTIFIED, S.EXPIRED): "expire",
    (S.FOLLOW_UP, S.EXPIRED): "expire",
    (S.APPLIED, S.WITHDRAWN): "withdraw",
    (S.COURSE, S.WITHDRAWN): "withdraw",
    (S.MEASURES, S.WITHDRAWN): "withdraw",
    (S.IN_REVIEW, S.WITHDRAWN): "withdraw",
    (S.CERTIFIED, S.WITHDRAWN): "withdraw",
    (S.FOLLOW_UP, S.WITHDRAWN): "withdraw",
    (S.EXPIRED, S.APPLIED): "restart",
    (S.WITHDRAWN, S.APPLIED): "restart",
}


class TransitionError(ValidationError):
    """A change of state that is not allowed now; the message is for the person who tried it."""


def allowed_next(certification: Certification) -> list[str]:
    return [to for (frm, to) in ALLOWED if frm == certification.state]


def can(certification: Certification, to_state: str) -> bool:
    return (certification.state, to_state) in ALLOWED


def anniversary(day: date) -> date:
    """The same date a year later; for 29 February, 1 March (the day after 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


def period_end(valid_from: date) -> date:
    """The last day of a one-year period: the day before the anniversary, so that a renewal starting the
    day after begins on the anniversary and the periods tile exactly (10 June 2020 – 9 June 2021, then
    10 June 2021 – 9 June 2022)."""
    return anniversary(valid_from) - timedelta(days=1)


def next_certificate_number(on: date) -> str:
    """The number the next mark awarded on `on` gets (BM-<year>-<nnn>)."""
    prefix = f"BM-{on.year}-"
    taken = Certification.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    highest = max((int(n.removeprefix(prefix)) for n in taken if n.removeprefix(prefix).isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"


def _ensure_checklist(certification: Certification, by=None) -> None:
    for key in ChecklistKey.values:
        ChecklistItem.objects.get_or_create(
            certification=certification, cycle=certification.cycle, key=key, defaults={"updated_by": by}
        )


def _require(details: dict, name: str, message: str):
    value = details.get(name)
    if value in (None, ""):
        raise TransitionError(message, code="missing")
    return value


# Side effects of each step, run inside the transition's transaction before the state is saved.


def _effect_book_course(cert, by, reason, details):
    _require(details, "date", _("Give the date of the course."))
    _require(details, "facilitator", _("Give the name of the facilitator."))
    if not details.get("place") and not details.get("video_link"):
        raise TransitionError(_("Give a place or a video link for the course."), code="missing")
    CourseBooking.objects.create(
        certification=cert,
        date=details["date"],
        place=details.get("place") or "",
        video_link=details.get("video_link") or "",
        facilitator=details["facilitator"],
        participants=details.get("participants"),
    )


def _effect_course_held(cert, by, reason, details):
    booking = cert.courses.first()
    if booking is not None:
        booking.held_at = timezone.now()
        if details.get("participants") is not None:
            booking.participants = details["participants"]
        booking.save(update_fields=["held_at", "participants"])
    _ensure_checklist(cert, by)


def _effect_submit(cert, by, reason, details):
    from balanse.certification.queries import open_comments

    requirements = get_requirements(cert)
    unsettled = open_comments(cert, requirements)
    if unsettled:
        raise TransitionError(
            _(
                "These measures were sent back with a comment and have not been changed or answered since: "
                "%(measures)s. Change them, or answer the comment, before you submit again."
            )
            % {"measures": ", ".join(dict.fromkeys(str(c.label) for c in unsettled))},
            code="unchanged",
        )
    if not all_complete(requirements):
        raise TransitionError(
            _("Every required measure must be complete before you submit."), code="incomplete"
        )
    cert.submitted_at = timezone.now()


def _effect_send_back(cert, by, reason, details):
    comments = {k: v.strip() for k, v in (details.get("comments") or {}).items() if v and v.strip()}
    if not comments and not reason.strip():
        raise TransitionError(
            _("Write at least one comment so the organisation knows what to fix."), code="missing"
        )
    for key, text in comments.items():
        ReviewComment.objects.create(
            certification=cert, cycle=cert.cycle, requirement_key=key, text=text, author=by
        )
    # On the interim checklist, a commented measure is no longer complete until the operator ticks it again.
    ChecklistItem.objects.filter(certification=cert, cycle=cert.cycle, key__in=list(comments)).update(
        complete=False
    )
    ReviewDraft.objects.filter(certification=cert, cycle=cert.cycle).delete()
    cert.submitted_at = None


def _new_period(cert, by, valid_from: date) -> Period:
    valid_until = period_end(valid_from)
    period = Period.objects.create(
        certification=cert, cycle=cert.cycle, valid_from=valid_from, valid_until=valid_until, decided_by=by
    )
    cert.valid_from, cert.valid_until = valid_from, valid_until
    return period


def _effect_award(cert, by, reason, details):
    valid_from = details.get("valid_from") or timezone.localdate()
    if not cert.certificate_number:
        cert.certificate_number = next_certificate_number(valid_from)
    _new_period(cert, by, valid_from)
    ReviewDraft.objects.filter(certification=cert, cycle=cert.cycle).delete()
    cert.submitted_at = None


def _effect_follow_up(cert, by, reason, details):
    _require(details, "date", _("Give the date of the follow-up meeting."))
    previous = cert.cycle
    cert.cycle = previous + 1
    FollowUpMeeting.objects.create(
        certification=cert, cycle=cert.cycle, date=details["date"], notes=details.get("notes") or "", by=by
    )
    # The new year's plan starts as a copy of last year's.
    for item in ChecklistItem.objects.filter(certification=cert, cycle=previous):
        ChecklistItem.objects.get_or_create(
            certification=cert,
            cycle=cert.cycle,
            key=item.key,
            defaults={"complete": item.complete, "note": item.note, "updated_by": by},
        )
    _ensure_checklist(cert, by)


def _effect_renew(cert, by, reason, details):
    if not all_complete(get_requirements(cert)):
        raise TransitionError(
            _("Every required measure in the new plan must be complete before the mark is renewed."),
            code="incomplete",
        )
    today = timezone.localdate()
    if details.get("valid_from"):
        valid_from = details["valid_from"]
    elif cert.valid_until and cert.valid_until >= today:
        valid_from = cert.valid_until + timedelta(days=1)
    else:
        valid_from = today
    _new_period(cert, by, valid_from)


def _effect_expire(cert, by, reason, details):
    if not details.get("force") and cert.valid_until and cert.valid_until >= timezone.localdate():
        raise TransitionError(_("The mark is still valid; it cannot expire yet."), code="still_valid")


def _effect_withdraw(cert, by, reason, details):
    if not reason.strip():
        raise TransitionError(_("Give a reason for the withdrawal."), code="missing")
    cert.withdrawn_at = timezone.now()
    cert.withdrawn_reason = reason.strip()


EFFECTS = {
    "book_course": _effect_book_course,
    "mark_course_held": _effect_course_held,
    "submit_for_review": _effect_submit,
    "send_back": _effect_send_back,
    "award_mark": _effect_award,
    "start_follow_up": _effect_follow_up,
    "renew": _effect_renew,
    "expire": _effect_expire,
    "withdraw": _effect_withdraw,
}

AUDITED_DETAILS = ("date", "participants", "valid_from", "force")


def _record(cert, from_state: str, to_state: str, by, reason: str, step: str, details: dict) -> None:
    change = StateChange.objects.create(
        certification=cert, from_state=from_state, to_state=to_state, by=by, reason=reason, cycle=cert.cycle
    )
    notifications.notify(certification=cert, change=change, step=step, details=details)
    safe = {k: str(details[k]) for k in AUDITED_DETAILS if details.get(k) not in (None, "")}
    if "comments" in details:
        safe["commented"] = sorted(k for k, v in details["comments"].items() if v and v.strip())
    audit.record(
        actor=by,
        action=f"certification.{step}",
        obj=cert,
        from_state=from_state,
        to_state=to_state,
        cycle=cert.cycle,
        **safe,
    )


def _lock(certification: Certification, version: str | None) -> Certification:
    locked = Certification.objects.select_for_update().select_related("organisation").get(pk=certification.pk)
    if version is not None and version != locked.version:
        raise TransitionError(
            _(
                "Someone changed this certification while you were looking at it. Check the page and try again."
            ),
            code="stale",
        )
    return locked


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def transition(
    *, certification: Certification, to_state: str, by, reason: str = "", **details
) -> Certification:
    """Move a certification to `to_state` if the table allows it. Returns the certification that is now
    current (for a restart after expiry or withdrawal: the new one)."""
    version = details.pop("version", None)
    cert = _lock(certification, version)
    from_state = cert.state
    step = ALLOWED.get((from_state, to_state))
    if step is None:
        raise TransitionError(
            _("A certification that is “%(state)s” cannot be moved to “%(target)s”.")
            % {
                "state": cert.get_state_display(),
                "target": S(to_state).label if to_state in S.values else to_state,
            },
            code="not_allowed",
        )
    by = _user(by)
    reason = reason or ""
    if step == "restart":
        # The ended certification stays as it is (its verification page keeps saying so); a new one starts.
        audit.record(actor=by, action="certification.restarted", obj=cert, from_state=from_state)
        return _create_application(
            organisation=cert.organisation,
            by=by,
            reason=reason,
            previous_state=from_state,
            application=details.get("application"),
        )
    cycle_before = cert.cycle
    effect = EFFECTS.get(step)
    if effect is not None:
        effect(cert, by, reason, details)
    cert.state = to_state
    cert.state_changed_at = timezone.now()
    cert.save()
    _record(cert, from_state, to_state, by, reason, step, details)
    if cert.cycle != cycle_before:
        cycle_started.send(sender=None, certification=cert, previous_cycle=cycle_before)
    certification.refresh_from_db()
    return cert


def _create_application(
    *, organisation, by, reason: str = "", previous_state: str = "", application: dict | None = None
) -> Certification:
    if Certification.objects.current_for(organisation) is not None:
        raise TransitionError(
            _("%(organisation)s already has an ongoing certification.") % {"organisation": organisation.name},
            code="exists",
        )
    try:
        with transaction.atomic():
            cert = Certification.objects.create(organisation=organisation, state=S.APPLIED)
    except IntegrityError as exc:
        raise TransitionError(
            _("%(organisation)s already has an ongoing certification.") % {"organisation": organisation.name},
            code="exists",
        ) from exc
    if application:
        Application.objects.create(
            certification=cert, **{k: v for k, v in application.items() if k in APPLICATION_FIELDS}
        )
    _record(cert, previous_state, S.APPLIED, by, reason, "applied", {})
    return cert


APPLICATION_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "size",
    "hopes",
    "preferred_course_time",
)


# The named steps.


@transaction.atomic
def apply(*, organisation, by, application: dict | None = None) -> Certification:
    """An organisation applies for the mark (or starts again after an expired or withdrawn mark).
    `application`: what the operator needs to plan (contact person, size, hopes, preferred course time)."""
    latest = Certification.objects.latest_for(organisation)
    if latest is not None and (latest.state, S.APPLIED) in ALLOWED:
        return transition(certification=latest, to_state=S.APPLIED, by=by, application=application)
    return _create_application(organisation=organisation, by=_user(by), application=application)


def book_course(
    *, certification, by, date, facilitator, place="", video_link="", participants=None, version=None
) -> Certification:
    return transition(
        certification=certification,
        to_state=S.COURSE,
        by=by,
        date=date,
        facilitator=facilitator,
        place=place,
        video_link=video_link,
        participants=participants,
        version=version,
    )


def mark_course_held(*, certification, by, participants=None, version=None) -> Certification:
    return transition(
        certification=certification, to_state=S.MEASURES, by=by, participants=participants, version=version
    )


def submit_for_review(*, certification, by, version=None) -> Certification:
    return transition(certification=certification, to_state=S.IN_REVIEW, by=by, version=version)


def send_back(*, certification, by, comments: dict[str, str] | None = None, reason="", version=None):
    return transition(
        certification=certification,
        to_state=S.MEASURES,
        by=by,
        reason=reason,
        comments=comments or {},
        version=version,
    )


def award_mark(*, certification, decided_by, valid_from: date | None = None, version=None) -> Certification:
    return transition(
        certification=certification,
        to_state=S.CERTIFIED,
        by=decided_by,
        valid_from=valid_from,
        version=version,
    )


def start_follow_up(*, certification, by, date, notes="", version=None) -> Certification:
    return transition(
        certification=certification, to_state=S.FOLLOW_UP, by=by, date=date, notes=notes, version=version
    )


def renew(*, certification, decided_by, valid_from: date | None = None, version=None) -> Certification:
    return transition(
        certification=certification,
        to_state=S.CERTIFIED,
        by=decided_by,
        valid_from=valid_from,
        version=version,
    )


def expire(*, certification, by=None, force: bool = False, version=None) -> Certification:
    return transition(certification=certification, to_state=S.EXPIRED, by=by, force=force, version=version)


def withdraw(*, certification, by, reason: str, version=None) -> Certification:
    return transition(
        certification=certification, to_state=S.WITHDRAWN, by=by, reason=reason, version=version
    )


def restart(*, certification, by, version=None) -> Certification:
    return transition(certification=certification, to_state=S.APPLIED, by=by, version=version)


# Work that is not a change of state.


def _check_version(certification: Certification, version: str | None) -> Certification:
    return _lock(certification, version)


@transaction.atomic
def update_course_booking(*, certification, by, data: dict, version=None) -> CourseBooking:
    cert = _check_version(certification, version)
    if cert.state != S.COURSE:
        raise TransitionError(_("The course can only be changed before it is held."), code="state")
    booking = cert.courses.first()
    if not data.get("place") and not data.get("video_link"):
        raise TransitionError(_("Give a place or a video link for the course."), code="missing")
    for name in ("date", "place", "video_link", "facilitator", "participants"):
        setattr(booking, name, data.get(name) if name in ("date", "participants") else (data.get(name) or ""))
    booking.save()
    cert.save(update_fields=["updated"])
    audit.record(actor=_user(by), action="certification.course_updated", obj=cert, date=str(booking.date))
    return booking


@transaction.atomic
def log_guidance_meeting(*, certification, by, date, notes, next_step="") -> GuidanceMeeting:
    cert = _check_version(certification, None)
    if cert.state in (S.EXPIRED, S.WITHDRAWN):
        raise TransitionError(_("This certification has ended; start a new one first."), code="state")
    meeting = GuidanceMeeting.objects.create(
        certification=cert, cycle=cert.cycle, date=date, notes=notes, next_step=next_step, by=_user(by)
    )
    audit.record(actor=_user(by), action="certification.meeting_logged", obj=cert, date=str(date))
    return meeting


@transaction.atomic
def update_checklist(*, certification, by, complete: dict[str, bool], notes: dict[str, str], version=None):
    """The operator ticks off the interim checklist. Locked while the submission is in review."""
    cert = _check_version(certification, version)
    if cert.state not in (S.MEASURES, S.FOLLOW_UP):
        raise TransitionError(
            _("The measures can only be changed while the organisation works on them (not in review)."),
            code="locked",
        )
    _ensure_checklist(cert, by)
    changed = []
    for item in ChecklistItem.objects.filter(certification=cert, cycle=cert.cycle):
        new_complete = bool(complete.get(item.key, False))
        new_note = (notes.get(item.key) or "").strip()
        if (item.complete, item.note) != (new_complete, new_note):
            item.complete, item.note, item.updated_by = new_complete, new_note, _user(by)
            item.save()
            changed.append(item.key)
    cert.save(update_fields=["updated"])
    if changed:
        audit.record(actor=_user(by), action="certification.checklist_updated", obj=cert, keys=changed)
    return changed


@transaction.atomic
def answer_comment(*, comment: ReviewComment, by, text: str) -> ReviewComment:
    """The organisation answers a review comment (what it changed, or why it keeps the measure as it is).
    Possible while it works on the measures, for a comment of the current year."""
    cert = _check_version(comment.certification, None)
    text = (text or "").strip()
    if not text:
        raise TransitionError(_("Write an answer."), code="missing")
    if cert.state not in (S.MEASURES, S.FOLLOW_UP) or comment.cycle != cert.cycle:
        raise TransitionError(
            _("Comments can be answered while you work on the measures, not during the review."), code="state"
        )
    comment.reply, comment.replied_by, comment.replied_at = text, _user(by), timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied_at"])
    cert.save(update_fields=["updated"])
    audit.record(
        actor=_user(by), action="certification.comment_answered", obj=cert, measure=comment.requirement_key
    )
    return comment


@transaction.atomic
def save_review_draft(*, certification, by, comments: dict[str, str]) -> None:
    """Keep the operator's comments typed during a review, so they are there when the operator comes back.
    An empty comment removes its draft. Not audited: a draft is not a decision."""
    cert = Certification.objects.select_for_update().get(pk=certification.pk)
    if cert.state != S.IN_REVIEW:
        raise TransitionError(_("Drafts can only be saved during a review."), code="state")
    keys = {r.key for r in get_requirements(cert)}
    for key, text in comments.items():
        if key not in keys:
            continue
        text = (text or "").strip()[:4000]
        if text:
            ReviewDraft.objects.update_or_create(
                certification=cert,
                cycle=cert.cycle,
                requirement_key=key,
                defaults={"text": text, "updated_by": _user(by)},
            )
        else:
            ReviewDraft.objects.filter(certification=cert, cycle=cert.cycle, requirement_key=key).delete()


@transaction.atomic
def set_year_target(*, year: int, target: int, by) -> YearTarget:
    obj, _created = YearTarget.objects.update_or_create(year=year, defaults={"target": target})
    audit.record(actor=_user(by), action="certification.target_set", obj=obj, year=year, target=target)
    return obj


# The daily command: expiry and reminders.

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
