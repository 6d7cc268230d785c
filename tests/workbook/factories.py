"""Factories for the measures workbook. The default content (risk factors, rule suggestions, texts) is plain
data the operator edits; workbooks, their sections and section versions and shared plan links are made by
the workbook's services."""

import factory

from balanse.certification.models import Certification
from balanse.core.links import hash_token
from balanse.workbook import services
from balanse.workbook.models import (
    ContentText,
    PlanShare,
    RiskFactor,
    RuleSuggestion,
    Section,
    SectionKey,
    SectionVersion,
    Workbook,
)
from tests.certification.factories import CertificationFactory
from tests.core.factories import ValidatedFactory
from tests.factories import OrganisationFactory, make_org_admin


class RiskFactorFactory(ValidatedFactory):
    class Meta:
        model = RiskFactor

    slug = factory.Sequence(lambda n: f"testfaktor-{n}")
    title = factory.Sequence(lambda n: f"Risikofaktor {n}")
    text = "Sene kvelder, turné og uklare roller."
    position = factory.Sequence(lambda n: 100 + n)


class RuleSuggestionFactory(ValidatedFactory):
    class Meta:
        model = RuleSuggestion
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"testregel-{n}")
    text = factory.Sequence(lambda n: f"Vi sier fra når noe skjer ({n}).")
    position = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def factors(self, create, extracted, **kwargs):
        if create and extracted:
            self.factors.set(extracted)


class ContentTextFactory(ValidatedFactory):
    class Meta:
        model = ContentText

    key = factory.Sequence(lambda n: f"testtekst-{n}")
    text = "Veiledning til denne delen."


class WorkbookFactory(factory.django.DjangoModelFactory):
    """The workbook of a certification's current cycle (started while the organisation works on measures)."""

    class Meta:
        model = Workbook

    certification = factory.SubFactory(CertificationFactory, state=Certification.State.MEASURES)
    by = factory.LazyAttribute(lambda o: make_org_admin(o.certification.organisation))

    @classmethod
    def _create(cls, model_class, *, certification, by):
        return services.start_workbook(certification=certification, by=by)


class SectionFactory(factory.django.DjangoModelFactory):
    """A section of a workbook (a workbook has one per key); with `data`, saved by the section service."""

    class Meta:
        model = Section

    workbook = factory.SubFactory(WorkbookFactory)
    key = factory.Iterator(SectionKey.values)
    data = None
    by = factory.LazyAttribute(lambda o: make_org_admin(o.workbook.organisation))

    @classmethod
    def _create(cls, model_class, *, workbook, key, data, by):
        section = workbook.sections.get(key=key)
        if data is not None:
            section = services.save_section(section=section, data=data, version=section.version, by=by)
        return section


class SectionVersionFactory(factory.django.DjangoModelFactory):
    """A saved version of the rules section: a member adds a rule."""

    class Meta:
        model = SectionVersion

    workbook = factory.SubFactory(WorkbookFactory)
    text = factory.Sequence(lambda n: f"Vi følger hverandre hjem etter sene kvelder ({n}).")
    factors = factory.List([])
    by = factory.LazyAttribute(lambda o: make_org_admin(o.workbook.organisation))

    @classmethod
    def _create(cls, model_class, *, workbook, text, factors, by):
        section = services.add_rule(workbook=workbook, text=text, factors=factors, by=by)
        return section.versions.get(version=section.version)


class PlanShareFactory(factory.django.DjangoModelFactory):
    """A link to the organisation's plan; the token (only its hash is stored) is put on the object as `token`."""

    class Meta:
        model = PlanShare

    organisation = factory.SubFactory(OrganisationFactory)
    by = factory.LazyAttribute(lambda o: make_org_admin(o.organisation))

    @classmethod
    def _create(cls, model_class, *, organisation, by):
        token = services.share_plan(organisation=organisation, by=by)
        share = PlanShare.objects.get(token_hash=hash_token(token))
        share.token = token
        return share
