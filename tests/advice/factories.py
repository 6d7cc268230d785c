"""Factories for the advice contacts ("Søk råd")."""

import factory

from balanse.advice.models import AdviceContact
from tests.core.factories import ValidatedFactory


class AdviceContactFactory(ValidatedFactory):
    class Meta:
        model = AdviceContact

    slug = factory.Sequence(lambda n: f"radgiver-{n}")
    name = factory.Sequence(lambda n: f"Rådgivningstjeneste {n}")
    name_en = factory.Sequence(lambda n: f"Advice service {n}")
    description = "Gir gratis og anonyme råd om seksuell trakassering."
    phone = "22 00 00 00"
    email = factory.Sequence(lambda n: f"rad{n}@example.org")
    website = "https://example.org/rad"
    position = factory.Sequence(lambda n: 100 + n)
