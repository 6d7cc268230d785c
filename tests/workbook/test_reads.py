"""The reads every workbook page makes run from SQL compiled once (balanse.core.compiled): they give what the
ORM gives, in one query each, and what the operator or the organisation changes shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from balanse.certification.models import Certification
from balanse.workbook import queries
from balanse.workbook.models import ContentText, RiskFactor, RuleSuggestion, Section, SectionKey, Workbook
from balanse.workbook.sections import default_factors
from tests.factories import OrganisationFactory
from tests.workbook.conftest import fill_workbook

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_workbook_is_read_with_its_organisation_and_certification_in_one_query(workbook):
    with CaptureQueriesContext(connection) as ctx:
        found = queries.workbook_with_organisation(workbook.pk)
        names = (found.organisation.name, found.certification.state, found.certification.organisation.name)
    assert len(ctx.captured_queries) == 1
    expected = Workbook.objects.select_related("organisation", "certification").get(pk=workbook.pk)
    assert _fields(found) == _fields(expected)
    assert _fields(found.organisation) == _fields(expected.organisation)
    assert _fields(found.certification) == _fields(expected.certification)
    assert names == (expected.organisation.name, expected.certification.state, expected.organisation.name)
    assert found.certification.organisation is found.organisation
    assert found._state.adding is False and found._state.db == "default"


def test_workbook_of_another_organisations_certification_reads_that_organisation(workbook):
    other = OrganisationFactory(name="Annen virksomhet")
    Certification.objects.filter(pk=workbook.certification_id).update(organisation=other)
    found = queries.workbook_with_organisation(workbook.pk)
    assert found.organisation.pk == workbook.organisation_id
    assert found.certification.organisation.name == "Annen virksomhet"


def test_no_workbook_reads_as_none_and_its_page_is_404(client_for, workbook):
    missing = Workbook.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    assert queries.workbook_with_organisation(missing) is None
    assert client_for("admin").get(f"/tiltak/{missing}/").status_code == 404
    assert client_for("admin").get(f"/tiltak/{missing}/kartlegging/").status_code == 404


def test_sections_are_read_with_who_changed_them_in_one_query(workbook, org_admin):
    fill_workbook(workbook, by=org_admin)
    Section.objects.filter(workbook=workbook, key=SectionKey.CONVERSATIONS).update(updated_by=None)
    with CaptureQueriesContext(connection) as ctx:
        sections = queries.sections_of(workbook)
        people = {key: s.updated_by for key, s in sections.items()}
        workbooks = {s.workbook for s in sections.values()}
    assert len(ctx.captured_queries) == 1
    expected = {s.key: s for s in workbook.sections.select_related("updated_by")}
    assert list(sections) == list(expected) and len(sections) == len(SectionKey.values)
    for key, section in sections.items():
        assert _fields(section) == _fields(expected[key])
    assert people[SectionKey.CONVERSATIONS] is None
    assert _fields(people[SectionKey.RULES]) == _fields(org_admin)
    assert people[SectionKey.RULES].full_name == org_admin.full_name
    assert workbooks == {workbook}
    assert sections[SectionKey.RULES].data["rules"][0]["factors"] == ["alcohol"]


def test_years_are_the_organisations_workbooks_newest_first(workbook):
    older = Workbook.objects.create(
        organisation=workbook.organisation,
        certification=workbook.certification,
        cycle=workbook.cycle + 5,
        created=workbook.created.replace(year=workbook.created.year - 1),
    )
    other = OrganisationFactory(name="Annen virksomhet")
    Workbook.objects.create(
        organisation=other, certification=workbook.certification, cycle=workbook.cycle + 6
    )
    years = queries.years_of(workbook.organisation_id)
    assert [(y.pk, y.created) for y in years] == [(workbook.pk, workbook.created), (older.pk, older.created)]


def test_texts_and_risk_factors_show_the_operators_edits_at_once(workbook):
    assert queries.texts()["police_note"] == ContentText.objects.get(key="police_note").text
    ContentText.objects.filter(key="police_note").update(text="Ny tekst om politiet.")
    assert queries.texts()["police_note"] == "Ny tekst om politiet."
    first, second = RiskFactor.objects.all()[:2]
    RiskFactor.objects.filter(pk=first.pk).update(title="Ny tittel", text="Ny beskrivelse")
    RiskFactor.objects.filter(pk=second.pk).update(active=False)
    factors = default_factors()
    assert [f.key for f in factors] == list(
        RiskFactor.objects.filter(active=True).values_list("slug", flat=True)
    )
    assert (factors[0].key, factors[0].title, factors[0].text) == (first.slug, "Ny tittel", "Ny beskrivelse")
    assert second.slug not in {f.key for f in factors}
    with translation.override("en"):
        english = default_factors()
    assert english[0].key == first.slug and english[0].title not in ("Ny tittel", first.title)


def test_rule_suggestions_are_the_library_in_order_with_their_factors_in_order():
    first = RuleSuggestion.objects.order_by("position", "pk").first()
    first.factors.clear()
    expected = [
        (s.slug, s.text, [(f.slug, f.title) for f in s.factors.all()])
        for s in RuleSuggestion.objects.prefetch_related("factors")
    ]
    with CaptureQueriesContext(connection) as ctx:
        found = queries.rule_suggestions()
    # One query for the suggestions with their factors (and the registers' stamp they are kept under).
    assert [q["sql"] for q in ctx.captured_queries if "core_writestamp" not in q["sql"]] == [
        q["sql"] for q in ctx.captured_queries if "workbook_rulesuggestion" in q["sql"]
    ]
    assert len(ctx.captured_queries) == 2
    with CaptureQueriesContext(connection) as ctx:
        assert queries.rule_suggestions() == found  # kept: only the stamp is read
    assert len(ctx.captured_queries) == 1
    assert [(slug, text, [tuple(f) for f in factors]) for slug, text, factors in found] == expected
    assert found[0][2] == [] and any(len(factors) > 1 for _slug, _text, factors in found)


def test_section_links_are_the_addresses_django_reverses(workbook):
    from django.urls import reverse

    from balanse.workbook.models import SECTION_SLUGS
    from balanse.workbook.views.sections import _section_urls

    assert _section_urls(workbook) == {
        key: reverse("workbook:section", args=[workbook.pk, slug]) for key, slug in SECTION_SLUGS.items()
    }


def test_current_workbook_is_the_one_of_the_certifications_year_as_the_orm_gives(workbook, operator):
    """`current_workbook` (compiled once) follows the certification into its next year: the year's workbook with
    its organisation and certification, as the ORM's `.first()` gives it, one query each time."""
    from balanse.certification import services as cert_services

    certification = workbook.certification

    def orm(certification):
        return (
            Workbook.objects.filter(certification=certification, cycle=certification.cycle)
            .select_related("organisation", "certification")
            .first()
        )

    found = queries.current_workbook(certification)
    assert found == workbook == orm(certification)
    assert _fields(found.certification) == _fields(orm(certification).certification)
    fill_workbook(workbook)
    certification = cert_services.submit_for_review(certification=certification, by=operator)
    certification = cert_services.award_mark(certification=certification, decided_by=operator)
    certification = cert_services.start_follow_up(
        certification=certification, by=operator, date=certification.valid_from
    )
    with CaptureQueriesContext(connection) as ctx:
        found = queries.current_workbook(certification)
    assert len(ctx.captured_queries) == 1
    assert found != workbook and found == orm(certification) and found.cycle == 2
    assert _fields(found.organisation) == _fields(orm(certification).organisation)
    Certification.objects.filter(pk=certification.pk).update(cycle=3)
    certification.refresh_from_db()
    assert queries.current_workbook(certification) is None is orm(certification)
