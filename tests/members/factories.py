"""Factories for the member register (kept beside its tests so parallel work on tests/factories.py does not clash)."""

from datetime import date

import factory

from balanse.members.models import Fee, FeeTier, Member, SupportingMember
from balanse.organisations.models import ArtField
from tests.factories import OrganisationFactory


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organisation = factory.SubFactory(OrganisationFactory, is_member=True)
    joined = date(2019, 1, 1)
    field = factory.LazyFunction(lambda: ArtField.objects.get(code="music"))
    contact_name = "Kari Kontakt"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@medlem.example")


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    member = factory.SubFactory(MemberFactory)
    year = 2020
    tier = 5000


class FeeTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeTier
        django_get_or_create = ("year", "amount")

    year = 2020
    amount = 5000
    description = "Årsbudsjett 1–2 mill. kr"


class SupportingMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportingMember

    name = factory.Sequence(lambda n: f"Støtte Person {n}")
    email = factory.Sequence(lambda n: f"stotte{n}@example.org")
    joined = date(2020, 3, 1)


def tiers_2020() -> None:
    for amount in (15000, 12000, 10000, 8000, 5000, 4000, 1000):
        FeeTierFactory(year=2020, amount=amount)
