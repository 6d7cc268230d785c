"""The lifecycle of Balansemerket. Every change of state goes through `transition()`, which checks the
table of allowed transitions, runs the step's side effects, records who, when and why (history and audit
log), and raises `TransitionError` with a clear message for anything else."""

from datetime import date, timedelta

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
    Period,
    ReviewComment,
    ReviewDraft,
    StateChange,
)
from balanse.certification.queries import open_comments
from balanse.certification.requirements import all_complete, get_requirements
from balanse.certification.services.periods import next_certificate_number, period_end
from balanse.certification.signals import cycle_started
from balanse.core import audit
from balanse.core.models import User
from balanse.organisations.models import Organisation

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


def _ensure_checklist(certification: Certification, by: User | None = None) -> None:
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


def _effect_book_course(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _effect_course_held(cert: Certification, by: User | None, reason: str, details: dict) -> None:
    booking = cert.courses.first()
    if booking is not None:
        booking.held_at = timezone.now()
        if details.get("participants") is not None:
            booking.participants = details["participants"]
        booking.save(update_fields=["held_at", "participants"])
    _ensure_checklist(cert, by)


def _effect_submit(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _effect_send_back(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _new_period(cert: Certification, by: User | None, valid_from: date) -> Period:
    valid_until = period_end(valid_from)
    period = Period.objects.create(
        certification=cert, cycle=cert.cycle, valid_from=valid_from, valid_until=valid_until, decided_by=by
    )
    cert.valid_from, cert.valid_until = valid_from, valid_until
    return period


def _effect_award(cert: Certification, by: User | None, reason: str, details: dict) -> None:
    valid_from = details.get("valid_from") or timezone.localdate()
    if not cert.certificate_number:
        cert.certificate_number = next_certificate_number(valid_from)
    _new_period(cert, by, valid_from)
    ReviewDraft.objects.filter(certification=cert, cycle=cert.cycle).delete()
    cert.submitted_at = None


def _effect_follow_up(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _effect_renew(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _effect_expire(cert: Certification, by: User | None, reason: str, details: dict) -> None:
    if not details.get("force") and cert.valid_until and cert.valid_until >= timezone.localdate():
        raise TransitionError(_("The mark is still valid; it cannot expire yet."), code="still_valid")


def _effect_withdraw(cert: Certification, by: User | None, reason: str, details: dict) -> None:
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


def _record(
    cert: Certification,
    from_state: str,
    to_state: str,
    by: User | None,
    reason: str,
    step: str,
    details: dict,
) -> None:
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


def _user(by: User | None) -> User | None:
    """The person to record, or None for the system (the daily command) or someone not logged in."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def transition(
    *, certification: Certification, to_state: str, by: User | None, reason: str = "", **details
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
    *,
    organisation: Organisation,
    by: User | None,
    reason: str = "",
    previous_state: str = "",
    application: dict | None = None,
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
