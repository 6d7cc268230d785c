"""Factories for the activity register. What the staff type (types, supplementary totals) is saved through
the register's services; a registration is made the way a visitor makes one in the calendar, and a course
link the way the platform makes one: by a certification course being held."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from balanse.activities import services
from balanse.activities.models import Activity, ActivityType, CourseLink, Registration, SupplementaryEntry
from balanse.certification import services as certification_services
from tests.certification.factories import CourseBookingFactory
from tests.factories import OperatorFactory


def activity_type(name: str = "workshop") -> ActivityType:
    return ActivityType.objects.get(name=name)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"Aktivitet {n:04d}")
    type = factory.LazyFunction(activity_type)
    date = date(2020, 3, 1)
    place = "Oslo"
    participants = 10


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    """A type the operator adds to the default list (loaded by a migration)."""

    class Meta:
        model = ActivityType

    name = factory.Sequence(lambda n: f"scenesamtale {n}")
    label = factory.LazyAttribute(lambda o: o.name.capitalize())
    order = 200
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        return services.save_type(activity_type=model_class(**fields), by=by)


class SupplementaryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplementaryEntry

    year = 2020
    type = factory.LazyFunction(activity_type)
    count = 4
    participants = 60
    streaming_audience = 0
    note = "Skoleturné uten egne rader."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        return services.save_supplementary(entry=model_class(**fields), by=by)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration in the public calendar, for an upcoming public activity that takes them."""

    class Meta:
        model = Registration

    activity = factory.SubFactory(
        ActivityFactory,
        public=True,
        registration=True,
        date=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14)),
        start_time=None,
    )
    name = "Ola Nordmann"
    email = factory.Sequence(lambda n: f"deltaker{n}@example.org")

    @classmethod
    def _create(cls, model_class, *, activity, name, email):
        return services.register(activity=activity, name=name, email=email)


class CourseLinkFactory(factory.django.DjangoModelFactory):
    """A certification course marked as held: the platform records it as an activity, linked once."""

    class Meta:
        model = CourseLink

    course = factory.SubFactory(CourseBookingFactory)
    participants = 11
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, course, participants, by):
        certification_services.mark_course_held(
            certification=course.certification, by=by, participants=participants
        )
        return CourseLink.objects.get(course=course)
