"""A course offered to an organisation: inviting learners, the join link and its e-mailed code, the link in
an invitation, and the follow-up meeting."""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from balanse.core import audit
from balanse.core.email import send_email as send_templated_email
from balanse.core.links import site_url
from balanse.core.models import User
from balanse.course.invitation_links import make_path
from balanse.course.models import Course, CourseOffer, Enrollment
from balanse.organisations import services as org_services
from balanse.organisations.models import Organisation


def get_offer(*, organisation: Organisation, course: Course) -> CourseOffer:
    offer, _ = CourseOffer.objects.get_or_create(organisation=organisation, course=course)
    return offer


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """Split a pasted list into (valid addresses, invalid entries), lower-cased and without repeats."""
    valid, invalid = [], []
    for raw in text.replace(",", "\n").replace(";", "\n").split():
        email = raw.strip().strip("<>").lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(raw)
        else:
            if email not in valid:
                valid.append(email)
    return valid, invalid


def _learner(*, email: str, full_name: str = "", by: User | None = None, email_verified: bool = False):
    """The learner's account (made if new) through the one organisations service. A learner gets no
    membership: the course only, no member list, no workbook, no colleagues' contact details."""
    return org_services.get_or_create_person(
        email=email, full_name=full_name, via="course", by=by, email_verified=email_verified
    )


def _send_course_email(*, user: User, course: Course, organisation: Organisation, base_url: str) -> None:
    # The link logs a new learner in (once) and opens the course; see invitation_links.
    link = base_url.rstrip("/") + make_path(user=user, course=course)
    context = {
        "course": course,
        "organisation": organisation,
        "link": link,
        "email": user.email,
        "days": settings.INVITATION_VALID_DAYS,
    }
    send_templated_email(to=user, template="course/email/invitation", context=context)


@transaction.atomic
def invite_learners(
    *,
    organisation: Organisation,
    course: Course,
    emails: list[str],
    by: User | None,
    base_url: str = "",
    send_email: bool = True,
) -> list[Enrollment]:
    """Create learners (accounts if new, no membership) and enrollments; e-mail each a link to the course.
    The addresses are typed by the admin, so they are not marked verified: the first log-in code does that."""
    get_offer(organisation=organisation, course=course)
    enrollments = []
    for email in emails:
        user = _learner(email=email, by=by).user
        enrollment, created = Enrollment.objects.get_or_create(
            course=course, organisation=organisation, user=user
        )
        enrollments.append(enrollment)
        if created:
            audit.record(actor=by, action="course.learner_invited", obj=enrollment)
        if send_email:
            _send_course_email(
                user=user, course=course, organisation=organisation, base_url=base_url or site_url()
            )
    return enrollments


@transaction.atomic
def set_join_link(*, offer: CourseOffer, enabled: bool, by: User, new_token: bool = False) -> CourseOffer:
    offer.join_enabled = enabled
    if new_token:
        offer.join_token = secrets.token_urlsafe()
    offer.save(update_fields=["join_enabled", "join_token"])
    audit.record(actor=by, action="course.join_link_changed", obj=offer, enabled=enabled, new_token=new_token)
    return offer


def get_join_offer(token: str) -> CourseOffer | None:
    return (
        CourseOffer.objects.select_related("organisation", "course")
        .filter(join_token=token or "-", join_enabled=True)
        .first()
    )


@transaction.atomic
def join_with_link(
    *, offer: CourseOffer, email: str, full_name: str = "", email_verified: bool = False
) -> tuple[Enrollment, org_services.Person]:
    """Enrol a person through the organisation's join link, as a learner (no membership).

    Called only once the address is proved: by the e-mailed join code (`email_verified=True`), or because
    the person is logged in. Returns the enrollment and the person (with `created` when the account is new:
    only then may the caller log it in)."""
    person = _learner(email=email, full_name=full_name, email_verified=email_verified)
    enrollment, created = Enrollment.objects.get_or_create(
        course=offer.course, organisation=offer.organisation, user=person.user
    )
    if created:
        audit.record(actor=person.user, action="course.joined_by_link", obj=enrollment)
    return enrollment, person


def new_join_code() -> str:
    """Six random digits, like the log-in code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def send_join_code(*, offer: CourseOffer, email: str, code: str, language: str | None = None) -> None:
    """E-mail the code that proves the address, in the language of the page the person asked on."""
    context = {"course": offer.course, "organisation": offer.organisation, "code": code, "email": email}
    send_templated_email(to=email, template="course/email/join_code", context=context, language=language)


@transaction.atomic
def schedule_meeting(
    *, offer: CourseOffer, by: User, meeting_at: datetime, meeting_link: str, meeting_note: str = ""
) -> CourseOffer:
    offer.meeting_at = meeting_at
    offer.meeting_link = meeting_link
    offer.meeting_note = meeting_note
    offer.save(update_fields=["meeting_at", "meeting_link", "meeting_note"])
    audit.record(actor=by, action="course.meeting_scheduled", obj=offer)
    return offer


@transaction.atomic
def log_in_by_invitation(*, user: User, course_slug: str, full_name: str = "") -> None:
    """Record that a learner used their course invitation link: the address is proved, and the name they
    gave is filled in if the account had none (never replaced)."""
    _learner(email=user.email, full_name=full_name, email_verified=True)
    audit.record(actor=user, action="course.invitation_link_used", obj=user, course=course_slug)
