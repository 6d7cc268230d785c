"""The named steps of the lifecycle: the verbs the views, the daily command and other apps use. Each is one
`transition()`."""

import datetime

from django.db import transaction

from balanse.certification.models import Certification
from balanse.certification.services.transitions import ALLOWED, _create_application, _user, transition
from balanse.core.models import User
from balanse.organisations.models import Organisation

S = Certification.State


@transaction.atomic
def apply(*, organisation: Organisation, by: User | None, application: dict | None = None) -> Certification:
    """An organisation applies for the mark (or starts again after an expired or withdrawn mark).
    `application`: what the operator needs to plan (contact person, size, hopes, preferred course time)."""
    latest = Certification.objects.latest_for(organisation)
    if latest is not None and (latest.state, S.APPLIED) in ALLOWED:
        return transition(certification=latest, to_state=S.APPLIED, by=by, application=application)
    return _create_application(organisation=organisation, by=_user(by), application=application)


def book_course(
    *,
    certification: Certification,
    by: User | None,
    date: datetime.date,
    facilitator: str,
    place: str = "",
    video_link: str = "",
    participants: int | None = None,
    version: str | None = None,
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


def mark_course_held(
    *,
    certification: Certification,
    by: User | None,
    participants: int | None = None,
    version: str | None = None,
) -> Certification:
    return transition(
        certification=certification, to_state=S.MEASURES, by=by, participants=participants, version=version
    )


def submit_for_review(
    *, certification: Certification, by: User | None, version: str | None = None
) -> Certification:
    return transition(certification=certification, to_state=S.IN_REVIEW, by=by, version=version)


def send_back(
    *,
    certification: Certification,
    by: User | None,
    comments: dict[str, str] | None = None,
    reason: str = "",
    version: str | None = None,
) -> Certification:
    return transition(
        certification=certification,
        to_state=S.MEASURES,
        by=by,
        reason=reason,
        comments=comments or {},
        version=version,
    )


def award_mark(
    *,
    certification: Certification,
    decided_by: User | None,
    valid_from: datetime.date | None = None,
    version: str | None = None,
) -> Certification:
    return transition(
        certification=certification,
        to_state=S.CERTIFIED,
        by=decided_by,
        valid_from=valid_from,
        version=version,
    )


def start_follow_up(
    *,
    certification: Certification,
    by: User | None,
    date: datetime.date,
    notes: str = "",
    version: str | None = None,
) -> Certification:
    return transition(
        certification=certification, to_state=S.FOLLOW_UP, by=by, date=date, notes=notes, version=version
    )


def renew(
    *,
    certification: Certification,
    decided_by: User | None,
    valid_from: datetime.date | None = None,
    version: str | None = None,
) -> Certification:
    """A new year of the mark after the follow-up: the same step as the first award (the transition table
    tells the two apart by the state it starts from)."""
    return award_mark(
        certification=certification, decided_by=decided_by, valid_from=valid_from, version=version
    )


def expire(
    *, certification: Certification, by: User | None = None, force: bool = False, version: str | None = None
) -> Certification:
    return transition(certification=certification, to_state=S.EXPIRED, by=by, force=force, version=version)


def withdraw(
    *, certification: Certification, by: User | None, reason: str, version: str | None = None
) -> Certification:
    return transition(
        certification=certification, to_state=S.WITHDRAWN, by=by, reason=reason, version=version
    )


def restart(*, certification: Certification, by: User | None, version: str | None = None) -> Certification:
    return transition(certification=certification, to_state=S.APPLIED, by=by, version=version)
