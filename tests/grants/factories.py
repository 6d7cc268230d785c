"""Factories for Balansepotten (beside its tests so parallel work on tests/factories.py does not clash)."""

import factory
from django.utils import timezone

from balanse.grants.models import Application, Status


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    year = factory.LazyAttribute(lambda o: o.call.year if o.call else 2020)
    call = None
    status = Status.SUBMITTED
    applicant = factory.Sequence(lambda n: f"Søker {n}")
    project = factory.Sequence(lambda n: f"Prosjekt {n}")
    description = "Et kurs."
    project_budget = 50000
    amount_applied = 20000
    contact_name = "Kari Kontakt"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@soker.example")
    submitted_at = factory.LazyFunction(timezone.now)
