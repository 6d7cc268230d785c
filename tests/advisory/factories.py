"""Factories for the advisory line. An inquiry is logged through the service, so its notes are encrypted as
the adviser's are: the key file is made at settings.ADVISORY_KEY_PATH, so point that at a temporary folder
first (tests/advisory/conftest.py does, as does tests/test_factories.py)."""

from datetime import date

import factory

from balanse.advisory import services
from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic
from tests.factories import OperatorFactory


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    ref = factory.Sequence(lambda n: f"RT-2020-{n:04d}")
    date = date(2020, 5, 12)
    channel = Channel.PHONE
    topic = Topic.HARASSMENT
    caller_role = CallerRole.FREELANCER
    field = None
    help_given = factory.LazyFunction(lambda: [Help.LEGAL_GUIDANCE.value])
    follow_up = False
    notes = "Ringte om en kommentar fra en regissør på prøve. Fikk råd om å melde fra skriftlig."
    created_by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, notes, created_by, **data):
        model_class(**data).full_clean(exclude=["created_by"])
        return services.log_inquiry(data=data, notes=notes, by=created_by)
