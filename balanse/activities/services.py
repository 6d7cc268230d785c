"""What changes the activity register. Each function runs in one transaction and writes the audit log."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from balanse.activities import queries
from balanse.activities.models import (
    COURSE_TYPE,
    EXERCISE_TYPE,
    Activity,
    ActivityType,
    CourseLink,
    Registration,
    RegistrationState,
    SupplementaryEntry,
    registration_days,
)
from balanse.core import audit
from balanse.core.changes import delete_recorded, save_recorded
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.organisations.models import Organisation

ACTIVITY_FIELDS = [
    "title",
    "type",
    "date",
    "start_time",
    "end_time",
    "place",
    "digital",
    "streamed",
    "participants",
    "streaming_audience",
    "organiser_names",
    "topics",
    "held_by",
    "public",
    "description",
    "cancelled",
    "registration",
    "capacity",
]


class RegistrationError(Exception):
    """A registration that cannot be made or changed; the message is for the person."""


def split_names(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split("|") if name.strip()]


def join_names(names: list[str]) -> str:
    return " | ".join(names)


def link_organisers(activity: Activity) -> None:
    """Link the member organisations whose exact name is among the organisers (the others stay as text)."""
    names = split_names(activity.organiser_names)
    members = (
        Organisation.objects.filter(is_member=True, name__in=names) if names else Organisation.objects.none()
    )
    activity.organisers.set(members)


def matching_members(names: list[str]) -> dict[str, Organisation]:
    return {o.name: o for o in Organisation.objects.filter(is_member=True, name__in=names)}


@transaction.atomic
def save_activity(*, activity: Activity, by, data: dict | None = None) -> Activity:
    """Create or update an activity (fields from `data`, else as set on it) and link its member organisers."""
    created = activity.pk is None
    old = None if created else Activity.objects.get(pk=activity.pk)
    for name, value in (data or {}).items():
        setattr(activity, name, value)
    activity.organiser_names = join_names(split_names(activity.organiser_names))
    if old is not None and old.participants != activity.participants:
        activity.participants_from_registrations = False
    activity.full_clean()
    activity.save()
    link_organisers(activity)
    changed = [f for f in ACTIVITY_FIELDS if old is None or getattr(old, f) != getattr(activity, f)]
    audit.record(
        actor=by, action="activity.created" if created else "activity.updated", obj=activity, fields=changed
    )
    absorb_linked(activity)
    if old is not None and activity.cancelled and not old.cancelled:
        tell_registrations_of_cancellation(activity=activity)
    elif old is not None and old.capacity != activity.capacity:
        move_up_waiting_list(activity=activity)
    return activity


@transaction.atomic
def delete_activity(*, activity: Activity, by) -> None:
    delete_recorded(activity, by=by, action="activity")


@transaction.atomic
def save_type(*, activity_type: ActivityType, by) -> ActivityType:
    return save_recorded(activity_type, by=by, action="activity_type")


@transaction.atomic
def save_supplementary(*, entry: SupplementaryEntry, by) -> SupplementaryEntry:
    return save_recorded(entry, by=by, action="activity_supplement")


@transaction.atomic
def delete_supplementary(*, entry: SupplementaryEntry, by) -> None:
    delete_recorded(entry, by=by, action="activity_supplement")


# Registration in the public calendar


def _links(registration: Registration, request=None) -> dict:
    return {
        "cancel_link": absolute_url(
            "activities:cancel_registration", request=request, args=[registration.token]
        ),
        "activity_link": absolute_url(
            "activities:calendar_detail", request=request, args=[registration.activity_id]
        ),
        "calendar_link": absolute_url("activities:calendar", request=request),
    }


def _mail(registration: Registration, kind: str, request=None) -> None:
    send_email(
        to=registration.email,
        template=f"activities/email/{kind}",
        context={
            "registration": registration,
            "activity": registration.activity,
            **_links(registration, request),
        },
        once_key=f"activities.registration.{registration.pk}.{kind}",
    )


def tell_registrations_of_cancellation(*, activity: Activity) -> int:
    """The staff cancelled the activity: everyone registered (with a place or waiting) is told, once."""
    registrations = list(activity.registrations.exclude(state=RegistrationState.CANCELLED))
    for registration in registrations:
        _mail(registration, "activity_cancelled")
    return len(registrations)


def places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - queries.confirmed_count(activity), 0)


def is_open_for_registration(activity: Activity) -> bool:
    return activity.registration and activity.public and not activity.cancelled and not activity.is_over


@transaction.atomic
def register(*, activity: Activity, name: str, email: str, request=None) -> Registration:
    """A place if one is free, else a place on the waiting list; a confirmation e-mail either way."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not is_open_for_registration(activity):
        raise RegistrationError("closed")
    email = email.strip().lower()
    existing = activity.registrations.exclude(state=RegistrationState.CANCELLED).filter(email=email).first()
    if existing:
        raise RegistrationError("duplicate")
    left = places_left(activity)
    state = RegistrationState.WAITING if left == 0 else RegistrationState.CONFIRMED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                activity=activity, name=name.strip(), email=email, state=state
            )
    except IntegrityError as exc:  # the same address at the same moment
        raise RegistrationError("duplicate") from exc
    audit.record(actor=None, action=f"activity_registration.{state}", obj=activity)
    _mail(registration, "confirmed" if state == RegistrationState.CONFIRMED else "waiting", request)
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, request=None) -> Registration:
    """Cancel by the link in the e-mails; the first on the waiting list gets the place."""
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state == RegistrationState.CANCELLED:
        return registration
    if activity.is_over:
        raise RegistrationError("over")
    registration.state = RegistrationState.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["state", "cancelled_at"])
    audit.record(actor=None, action="activity_registration.cancelled", obj=activity)
    move_up_waiting_list(activity=activity, request=request)
    return registration


def move_up_waiting_list(*, activity: Activity, request=None) -> list[Registration]:
    """Give free places to the waiting list, first come first served, and tell each person by e-mail."""
    moved = []
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_over or activity.cancelled:
            return moved
        left = places_left(activity)
        waiting = activity.registrations.filter(state=RegistrationState.WAITING).order_by("created", "pk")
        if left is not None:
            waiting = waiting[:left]
        for registration in waiting:
            registration.state = RegistrationState.CONFIRMED
            registration.save(update_fields=["state"])
            audit.record(actor=None, action="activity_registration.moved_up", obj=activity)
            _mail(registration, "moved_up", request)
            moved.append(registration)
    return moved


def send_reminders(*, now=None, ahead: timedelta = timedelta(days=2)) -> int:
    """Remind everyone with a place of an activity in the next two days, once (idempotent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    due = Registration.objects.filter(
        state=RegistrationState.CONFIRMED,
        reminded_at__isnull=True,
        activity__cancelled=False,
        activity__date__gte=today,
        activity__date__lte=timezone.localdate(now + ahead),
    ).select_related("activity")
    for registration in due:
        if registration.activity.starts_at < now:
            continue
        with transaction.atomic():
            _mail(registration, "reminder")
            Registration.objects.filter(pk=registration.pk).update(reminded_at=now)
        sent += 1
    return sent


def count_registrations_as_participants(*, now=None) -> int:
    """After an activity, its registrations with a place become its participants figure, unless the staff
    have typed one; the staff may edit it afterwards (idempotent)."""
    now = now or timezone.now()
    updated = 0
    # Within the time the registrations are kept: after that they are gone and the figure stays as it is.
    kept_since = timezone.localdate(now) - timedelta(days=registration_days())
    candidates = Activity.objects.filter(
        registration=True, date__lte=timezone.localdate(now), date__gte=kept_since
    ).filter(Q(participants__isnull=True) | Q(participants_from_registrations=True))
    for activity in candidates:
        if activity.ends_at > now:
            continue
        count = activity.registrations.filter(state=RegistrationState.CONFIRMED).count()
        if activity.participants == count and activity.participants_from_registrations:
            continue
        with transaction.atomic():
            Activity.objects.filter(pk=activity.pk).update(
                participants=count, participants_from_registrations=True
            )
            audit.record(actor=None, action="activity.participants_counted", obj=activity, count=count)
        updated += 1
    return updated


def expired_registrations(now=None):
    """Registrations of activities that ended more than ACTIVITY_REGISTRATION_DAYS days ago."""
    now = now or timezone.now()
    limit = timezone.localdate(now) - timedelta(days=registration_days())
    return Registration.objects.filter(activity__date__lt=limit)


def delete_expired_registrations(*, now=None) -> int:
    """Count the registrations into the participants first, then delete them (idempotent)."""
    count_registrations_as_participants(now=now)
    with transaction.atomic():
        deleted, _ = expired_registrations(now).delete()
    return deleted


# Courses and exercise sessions held elsewhere on the platform count once, as activities


def _type(name: str) -> ActivityType:
    activity_type, _ = ActivityType.objects.get_or_create(name=name, defaults={"label": name.capitalize()})
    return activity_type


def _names_match(organisation_name: str, names: list[str]) -> bool:
    wanted = organisation_name.strip().lower()
    for name in names:
        name = name.strip().lower()
        if name and (name == wanted or name in wanted or wanted in name):
            return True
    return False


def _course_matches(course, activity: Activity) -> bool:
    """The staff's activity on the course's day is that course when it names the organisation among its
    organisers (linked or as text, the one name containing the other)."""
    organisation = course.certification.organisation
    if activity.date != course.date:
        return False
    if activity.organisers.filter(pk=organisation.pk).exists():
        return True
    return _names_match(organisation.name, split_names(activity.organiser_names))


def _find_activity_for_course(course) -> Activity | None:
    candidates = list(
        Activity.objects.filter(date=course.date, created_from_link=False).prefetch_related("organisers")
    )
    for activity in candidates:
        if _course_matches(course, activity):
            return activity
    # Otherwise the one activity that day with the course's number of participants, if there is exactly one.
    same = [
        a for a in candidates if course.participants is not None and a.participants == course.participants
    ]
    return same[0] if len(same) == 1 else None


@transaction.atomic
def record_course(*, course) -> Activity | None:
    """The activity of a certification course held (a `CourseBooking` with `held_at`), linked once: the
    staff's own row for it when there is one (same day, the organisation among the organisers), else a new
    row of type "kurs". None while the course is not held."""
    link = CourseLink.objects.select_related("activity").filter(course=course).first()
    if link is not None:
        return link.activity
    if course.held_at is None:
        return None
    activity = _find_activity_for_course(course)
    if activity is None:
        organisation = course.certification.organisation
        activity = save_activity(
            activity=Activity(type=_type(COURSE_TYPE), created_from_link=True),
            by=None,
            data={
                "title": f"Balansemerket – kurs for {organisation.name}"[:200],
                "date": course.date,
                "place": course.place,
                "digital": not course.place,
                "held_by": course.facilitator,
                "participants": course.participants,
                "organiser_names": organisation.name,
                "public": False,
            },
        )
    CourseLink.objects.create(activity=activity, course=course)
    audit.record(actor=None, action="activity.course_linked", obj=activity, course=course.pk)
    return activity


def absorb_linked(activity: Activity) -> int:
    """When the staff record (or import) the row of a course that was already counted by itself, the course's
    own row goes and the link moves to theirs: the course counts once. Returns how many rows went."""
    if activity.created_from_link:
        return 0
    absorbed = 0
    automatic = Activity.objects.filter(date=activity.date, created_from_link=True).exclude(pk=activity.pk)
    for other in automatic.prefetch_related("course_links__course__certification__organisation"):
        links = list(other.course_links.all())
        if links and all(_find_activity_for_course(link.course) == activity for link in links):
            CourseLink.objects.filter(activity=other).update(activity=activity)
            audit.record(actor=None, action="activity.course_merged", obj=activity, merged=other.pk)
            other.delete()
            absorbed += 1
    return absorbed


@transaction.atomic
def record_exercise_session(*, session) -> Activity | None:
    """The activity of a live exercise session that has ended (type workshop, held digitally); None while
    it runs. Its participants are counted when it ends (the session's own rows are deleted later)."""
    activity = Activity.objects.filter(exercise_session=session).first()
    if activity is not None or session.ended_at is None:
        return activity
    return save_activity(
        activity=Activity(type=_type(EXERCISE_TYPE), exercise_session=session, created_from_link=True),
        by=None,
        data={
            "title": f"OK eller ikke OK: {session.title}"[:200],
            "date": timezone.localdate(session.created_at),
            "digital": True,
            "public": False,
            "participants": session.participants.count(),
            "organiser_names": session.organisation.name if session.organisation_id else "",
        },
    )
