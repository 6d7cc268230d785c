"""Factories for Balansepotten (beside its tests so parallel work on tests/factories.py does not clash).
A call with its criteria, a score and a decision letter are saved through the services the staff use."""

from datetime import date

import factory
from django.utils import timezone

from balanse.grants import services
from balanse.grants.models import (
    Application,
    Criterion,
    DecisionLetter,
    GrantCall,
    LetterKind,
    Score,
    Status,
)
from tests.factories import OperatorFactory


class GrantCallFactory(factory.django.DjangoModelFactory):
    """A year's call, with criteria (pairs of Norwegian and English texts) in their order."""

    class Meta:
        model = GrantCall

    year = factory.Sequence(lambda n: 2040 + n)
    budget = 100000
    opens_on = factory.LazyAttribute(lambda o: date(o.year, 2, 1))
    closes_on = factory.LazyAttribute(lambda o: date(o.year, 3, 31))
    intro_nb = "Søk støtte til tiltak mot trakassering."
    criteria = (("Fremmer likestilling", "Promotes equality"), ("Gjennomførbart", "Feasible"))
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, criteria, by, **fields):
        call = model_class(**fields)
        call.full_clean()
        return services.save_call(call=call, criteria=list(criteria), by=by)


class CriterionFactory(factory.django.DjangoModelFactory):
    """A criterion added last to a call's list."""

    class Meta:
        model = Criterion

    call = factory.SubFactory(GrantCallFactory, criteria=())
    text_nb = factory.Sequence(lambda n: f"Kriterium {n}")
    text_en = factory.Sequence(lambda n: f"Criterion {n}")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, call, text_nb, text_en, by):
        criteria = [(c.text_nb, c.text_en) for c in call.criteria.order_by("position")]
        services.save_call(call=call, criteria=[*criteria, (text_nb, text_en)], by=by)
        return call.criteria.get(position=len(criteria))


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


class ScoreFactory(factory.django.DjangoModelFactory):
    """The staff's score of a sent application on one of its call's criteria (the first by default)."""

    class Meta:
        model = Score

    application = factory.SubFactory(ApplicationFactory, call=factory.SubFactory(GrantCallFactory))
    criterion = factory.LazyAttribute(lambda o: o.application.call.criteria.order_by("position").first())
    score = 4
    scored_by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, application, criterion, score, scored_by):
        services.review(
            application=application,
            notes=application.review_notes,
            scores={criterion.pk: score},
            by=scored_by,
        )
        return Score.objects.get(application=application, criterion=criterion)


class DecisionLetterFactory(factory.django.DjangoModelFactory):
    """The operator's letter of each kind: there is one per kind (made as default content), so the factory
    edits that one, the kinds in turn, and makes it when it is missing."""

    class Meta:
        model = DecisionLetter

    kind = factory.Iterator(LetterKind.values)
    subject = factory.LazyAttribute(
        lambda o: "Balansepotten {år}: " + ("innvilget" if o.kind == LetterKind.GRANTED else "avslag")
    )
    body = "Hei {kontakt}!\n\nVi har behandlet søknaden om «{prosjekt}».\n\nVennlig hilsen\nBalansekunst"
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, kind, subject, body, by):
        letter = model_class.objects.filter(kind=kind).first() or model_class(kind=kind)
        letter.subject, letter.body = subject, body
        letter.full_clean()
        return services.save_letter(letter=letter, by=by)
