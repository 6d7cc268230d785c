"""Factories for the member register (kept beside its tests so parallel work on tests/factories.py does not clash)."""

from datetime import date

import factory

from balanse.members.models import (
    Contact,
    ContactKind,
    Fee,
    FeeTier,
    FeeYear,
    Member,
    MembershipApplication,
    Payment,
    SupportingMember,
)
from balanse.members.services import fees, memberships
from balanse.organisations.models import ArtField
from tests.factories import OperatorFactory, OrganisationFactory


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


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    """An application through the public “Bli medlem” form (services.submit_application)."""

    class Meta:
        model = MembershipApplication

    name = factory.Sequence(lambda n: f"Søkerteater {n}")
    field = factory.LazyFunction(lambda: ArtField.objects.get(code="performing_arts"))
    municipality = "Bergen"
    contact_name = "Sigrid Søker"
    contact_email = factory.Sequence(lambda n: f"soker{n}@example.org")
    tier = None
    tier_year = None

    @classmethod
    def _create(cls, model_class, **data):
        return memberships.submit_application(data=data)


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact with a member that the staff log (services.log_contact)."""

    class Meta:
        model = Contact

    member = factory.SubFactory(MemberFactory)
    date = date(2020, 5, 4)
    kind = ContactKind.MEETING
    note = "Møte om kurs til høsten."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, member, by, **data):
        return memberships.log_contact(member=member, by=by, data=data)


class FeeYearFactory(factory.django.DjangoModelFactory):
    """The cut-off date the annual meeting decided for a year (services.save_fee_year)."""

    class Meta:
        model = FeeYear

    year = factory.Sequence(lambda n: 2030 + n)
    cutoff = factory.LazyAttribute(lambda o: date(o.year, 9, 1))
    decided = factory.LazyAttribute(lambda o: f"Årsmøtet {o.year}")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return fees.save_fee_year(**kwargs)


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment of a member's fee recorded by hand (services.record_payment)."""

    class Meta:
        model = Payment

    fee = factory.SubFactory(FeeFactory)
    amount = factory.SelfAttribute("fee.tier")
    booked_on = date(2020, 6, 15)
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return fees.record_payment(**kwargs)
