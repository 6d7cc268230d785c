"""A certification course held and a live exercise session that ended are activities: they appear in the
register with their type and count once, also when the staff record or import the same course themselves."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from balanse.activities import queries, services
from balanse.activities.models import Activity, CourseLink
from balanse.certification.models import Certification, CourseBooking
from balanse.core.registers import files, get_register, imports
from balanse.exercise import services as exercise_services
from balanse.exercise.models import ExerciseTemplate, Participant
from tests.activities.factories import ActivityFactory, activity_type
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def course(organisation, day: date, participants=12, held=True, place="Oslo") -> CourseBooking:
    certification = Certification.objects.create(organisation=organisation)
    return CourseBooking.objects.create(
        certification=certification,
        date=day,
        place=place,
        facilitator="Kursholder",
        participants=participants,
        held_at=timezone.make_aware(datetime.combine(day, datetime.min.time())) if held else None,
    )


def test_a_course_held_becomes_an_activity_of_type_kurs_once():
    organisation = OrganisationFactory(name="Scenehuset", is_member=True)
    booking = course(organisation, date(2021, 2, 3), held=False)
    assert not Activity.objects.exists()  # booked, not held
    booking.held_at = timezone.now()
    booking.save()
    booking.save()  # saved again: still one
    activity = Activity.objects.get()
    assert (activity.type.name, activity.participants, activity.public, activity.place) == (
        "kurs",
        12,
        False,
        "Oslo",
    )
    assert list(activity.organisers.all()) == [organisation]
    assert queries.annual_figures(2021)["activities"]["total"] == 1
    assert queries.organisers_reached(2021) == [(organisation.pk, "activity"), (organisation.pk, "course")]


def test_a_course_the_staff_already_recorded_is_linked_not_counted_again():
    organisation = OrganisationFactory(name="Nasjonal jazzscene", is_member=True)
    other = OrganisationFactory(name="Norsk jazzforum", is_member=True)
    mine = ActivityFactory(
        date=date(2020, 3, 2), type=activity_type("kurs"), organiser_names="Nasjonal Jazzscene | Jazzforum"
    )
    course(organisation, date(2020, 3, 2), participants=11)
    course(other, date(2020, 3, 2), participants=11)
    assert Activity.objects.get() == mine
    assert CourseLink.objects.filter(activity=mine).count() == 2
    assert queries.annual_figures(2020)["activities"]["total"] == 1


def test_importing_the_row_of_a_course_already_counted_moves_the_link_to_it():
    organisation = OrganisationFactory(name="NOPA", is_member=True)
    course(organisation, date(2020, 1, 13), participants=70, place="Tjøme")
    assert Activity.objects.get().created_from_link
    register = get_register("activities")
    text = "date;title;type;place;participants;organisers\n2020-01-13;Makt og grensesetting;foredrag;Tjøme;70;NOPA\n"
    imports.confirm(register, files.read_table(text.encode(), "a.csv", register))
    activity = Activity.objects.get()
    assert (activity.title, activity.type.name, activity.created_from_link) == (
        "Makt og grensesetting",
        "foredrag",
        False,
    )
    assert CourseLink.objects.get().activity == activity
    assert queries.annual_figures(2020)["activities"]["total"] == 1


def test_an_unrelated_activity_the_same_day_is_not_taken_for_the_course():
    organisation = OrganisationFactory(name="Scenehuset", is_member=True)
    ActivityFactory(date=date(2021, 2, 3), organiser_names="Noen andre", participants=40)
    course(organisation, date(2021, 2, 3), participants=12)
    assert Activity.objects.count() == 2
    assert queries.annual_figures(2021)["activities"]["total"] == 2


def test_an_ended_exercise_session_is_an_activity_once(operator):
    organisation = OrganisationFactory(name="Teateret", is_member=True)
    template = ExerciseTemplate.objects.first()
    session = exercise_services.start_session(by=operator, template=template, organisation=organisation)
    assert not Activity.objects.exists()
    for n in range(6):
        Participant.objects.create(session=session, token=f"t{n}")
    exercise_services.end_session(session=session, by=operator)
    activity = Activity.objects.get()
    assert (activity.type.name, activity.participants, activity.digital) == ("workshop", 6, True)
    assert activity.title.startswith("OK eller ikke OK")
    assert list(activity.organisers.all()) == [organisation]
    session.refresh_from_db()
    session.save()
    assert Activity.objects.count() == 1
    services.record_exercise_session(session=session)
    assert Activity.objects.count() == 1
