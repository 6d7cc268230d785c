"""Factories for the communication register: each row is saved through the register's services, as the
staff's forms (and the import) save it."""

from datetime import date
from decimal import Decimal

import factory

from balanse.communication import services
from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from tests.factories import OperatorFactory


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    date = date(2020, 3, 8)
    type = EntryType.MEDIA
    title = factory.Sequence(lambda n: f"Intervju om trakassering i kulturlivet {n}")
    outlet = "NRK"
    link = factory.Sequence(lambda n: f"https://nrk.example/kultur/{n}")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        return services.save_entry(entry=model_class(**fields), by=by)


class SupplementaryCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplementaryCount

    year = 2020
    type = EntryType.MEDIA
    count = 12
    note = "Lokalaviser, ikke registrert enkeltvis."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        return services.save_supplementary(count=model_class(**fields), by=by)


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    year = 2020
    name = factory.Sequence(lambda n: f"Unike besøkende på nettsiden {n}")
    value = Decimal("18250")
    unit = "besøkende"
    source = "Nettstedsstatistikk"
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        return services.save_key_figure(figure=model_class(**fields), by=by)
