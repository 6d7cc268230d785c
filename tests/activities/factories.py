from datetime import date

import factory

from balanse.activities.models import Activity, ActivityType


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
