"""Work on a certification that is not a change of state: the course booking, guidance meetings, the
checklist, answers to review comments, review drafts, and the year's target."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.certification.models import (
    Certification,
    ChecklistItem,
    CourseBooking,
    GuidanceMeeting,
    ReviewComment,
    ReviewDraft,
    YearTarget,
)
from balanse.certification.requirements import get_requirements
from balanse.certification.services.transitions import TransitionError, _ensure_checklist, _lock, _user
from balanse.core import audit
from balanse.core.models import User

S = Certification.State


def _check_version(certification: Certification, version: str | None) -> Certification:
    return _lock(certification, version)


@transaction.atomic
def update_course_booking(
    *, certification: Certification, by: User | None, data: dict, version: str | None = None
) -> CourseBooking:
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
def log_guidance_meeting(
    *, certification: Certification, by: User | None, date: datetime.date, notes: str, next_step: str = ""
) -> GuidanceMeeting:
    cert = _check_version(certification, None)
    if cert.state in (S.EXPIRED, S.WITHDRAWN):
        raise TransitionError(_("This certification has ended; start a new one first."), code="state")
    meeting = GuidanceMeeting.objects.create(
        certification=cert, cycle=cert.cycle, date=date, notes=notes, next_step=next_step, by=_user(by)
    )
    audit.record(actor=_user(by), action="certification.meeting_logged", obj=cert, date=str(date))
    return meeting


@transaction.atomic
def update_checklist(
    *,
    certification: Certification,
    by: User | None,
    complete: dict[str, bool],
    notes: dict[str, str],
    version: str | None = None,
) -> list[str]:
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
def answer_comment(*, comment: ReviewComment, by: User | None, text: str) -> ReviewComment:
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
def save_review_draft(*, certification: Certification, by: User | None, comments: dict[str, str]) -> None:
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
def set_year_target(*, year: int, target: int, by: User | None) -> YearTarget:
    obj, _created = YearTarget.objects.update_or_create(year=year, defaults={"target": target})
    audit.record(actor=_user(by), action="certification.target_set", obj=obj, year=year, target=target)
    return obj
