"""Factories for the live exercise "OK eller ikke OK", made by its services: a template copied by an
administrator, a session started from it, anonymous participants joining by the code, and their votes."""

import factory

from balanse.exercise import services
from balanse.exercise.models import (
    ExerciseSession,
    ExerciseTemplate,
    Mode,
    Participant,
    Phase,
    Scenario,
    Vote,
)
from tests.factories import OrganisationFactory, make_org_admin


class ExerciseTemplateFactory(factory.django.DjangoModelFactory):
    """An organisation's own exercise (a copy an administrator saved)."""

    class Meta:
        model = ExerciseTemplate

    organisation = factory.SubFactory(OrganisationFactory)
    by = factory.LazyAttribute(lambda o: make_org_admin(o.organisation))
    title = factory.Sequence(lambda n: f"Vår øvelse {n}")
    intro = "Vurder hvert scenario fra 1 til 10."
    scenarios = factory.List(["Gir deg en klem", "Kaller deg søta", "Sender deg en melding sent på kvelden"])
    relations = factory.List(["En kollega", "Sjefen din"])
    questions = factory.List(["Hva var lett å svare på?"])

    @classmethod
    def _create(cls, model_class, *, organisation, by, **data):
        return services.save_template(by=by, template=None, organisation=organisation, data=data)


class ExerciseSessionFactory(factory.django.DjangoModelFactory):
    """A running session started from a template by an administrator of its organisation."""

    class Meta:
        model = ExerciseSession

    template = factory.SubFactory(ExerciseTemplateFactory)
    organisation = factory.SelfAttribute("template.organisation")
    by = factory.LazyAttribute(lambda o: make_org_admin(o.organisation))
    mode = Mode.PRESENTER
    participant_cap = 0

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.start_session(**kwargs)


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A scenario of a session (sessions copy them from their template); `phase` moves it by the service."""

    class Meta:
        model = Scenario

    session = factory.SubFactory(ExerciseSessionFactory)
    position = 0
    phase = Phase.PENDING

    @classmethod
    def _create(cls, model_class, *, session, position, phase):
        scenario = session.scenarios.get(position=position)
        order = [Phase.PENDING, Phase.OPEN, Phase.CLOSED, Phase.REVEALED]
        for step in order[order.index(scenario.phase) + 1 : order.index(phase) + 1]:
            scenario = services.set_phase(
                session=session, scenario=scenario, phase=step, by=session.created_by
            )
        return scenario


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An anonymous phone that joined a session by its code."""

    class Meta:
        model = Participant

    session = factory.SubFactory(ExerciseSessionFactory, mode=Mode.SELF)

    @classmethod
    def _create(cls, model_class, *, session):
        return services.join(session=session)


class VoteFactory(factory.django.DjangoModelFactory):
    """One participant's rating of an open scenario for one relation."""

    class Meta:
        model = Vote

    participant = factory.SubFactory(ParticipantFactory)
    scenario = factory.LazyAttribute(lambda o: o.participant.session.scenarios.get(position=0))
    relation = 0
    value = 7

    @classmethod
    def _create(cls, model_class, *, participant, scenario, relation, value):
        if scenario.phase != Phase.OPEN:
            scenario = ScenarioFactory(
                session=participant.session, position=scenario.position, phase=Phase.OPEN
            )
        services.cast_votes(participant=participant, scenario=scenario, values={relation: value})
        return Vote.objects.get(participant=participant, scenario=scenario, relation=relation)
