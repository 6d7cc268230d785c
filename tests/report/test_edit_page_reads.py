"""The annual report's editing and public pages, read without their former costs (issue 19): the text forms
written from one rendering of the form, in one render; the report's own reads from SQL compiled once. Each
faster way is held equal to the way it replaced."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from balanse.report import queries, services
from balanse.report.forms import SectionTextForm, form_fields_html, section_text_fields
from balanse.report.models import AnnualReport, Position, Response, Section, SectionText, Survey
from tests.report.factories import SurveyFactory

pytestmark = pytest.mark.django_db

BODIES = ["", "0", "Et <b>godt</b> år & \"sitat\" 'x'\n\n# Tittel\n", "  mellomrom  "]


@pytest.mark.parametrize("reader", ["nb", "en"])
def test_a_section_text_form_written_from_one_rendering_is_the_form_itself(reader):
    with translation.override(reader):
        for section in Section:
            for language in ("nb", "en"):
                for body in BODIES:
                    form = SectionTextForm(
                        initial={"section": section.value, "language": language, "body": body},
                        prefix=f"{section.value}-{language}",
                    )
                    written = section_text_fields(section=section.value, language=language, body=body)
                    assert str(written) == str(form_fields_html(form)), (section, language, body)


def test_the_written_form_follows_the_reader_s_language():
    with translation.override("nb"):
        norwegian = str(section_text_fields(section="members", language="en", body=""))
    with translation.override("en"):
        english = str(section_text_fields(section="members", language="en", body=""))
    assert "Text (Markdown)" in english and "Text (Markdown)" not in norwegian
    assert 'name="members-en-body"' in english and 'id="id_members-en-section"' in english


def test_the_editing_page_shows_every_text_form_and_the_text_saved(client_for, operator):
    report = services.get_report(2020)
    services.save_section_text(
        report=report, section="finance", language="en", body="Sound & <b>safe</b>.", by=operator
    )
    page = client_for("operator").get(reverse("report:edit", args=[2020])).content.decode()
    assert page.count('class="text-form"') == 2 * len(Section)
    assert page.count('name="csrfmiddlewaretoken"') >= 2 * len(Section)
    assert page.count(f'action="{reverse("report:save_text", args=[2020])}"') == 2 * len(Section)
    assert "Sound &amp; &lt;b&gt;safe&lt;/b&gt;.</textarea>" in page
    assert '<details class="text-section" id="text-finance">' in page
    assert 'id="preview"' not in page


def test_a_text_sent_back_keeps_what_was_typed_with_its_error_or_preview(client_for):
    client = client_for("operator")
    url = reverse("report:save_text", args=[2020])
    data = {
        "section": "members",
        "language": "en",
        "members-en-section": "members",
        "members-en-language": "en",
    }
    response = client.post(url, data | {"members-en-body": "x" * 20001, "save": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and 'id="id_members-en-body_error"' in page
    assert page.count('class="text-form"') == 2 * len(Section)
    response = client.post(url, data | {"members-en-body": "Many <new> **members**", "preview": "1"})
    page = response.content.decode()
    assert '<details class="text-section" id="text-members" open>' in page
    assert page.count('id="preview"') == 1 and "<strong>members</strong>" in page
    assert "Many &lt;new&gt; **members**</textarea>" in page
    assert not SectionText.objects.exists()


def test_the_report_of_a_year_compiled_is_the_orm_s(operator):
    services.get_report(2019)
    services.publish_report(report=services.get_report(2020), by=operator)
    for year in (2019, 2020, 2021):
        expected = AnnualReport.objects.filter(year=year).first()
        found = queries.report_of_year(year)
        if expected is None:
            assert found is None
            continue
        assert (found.pk, found.year, found.state, found.published_at, found.published_by_id) == (
            expected.pk,
            expected.year,
            expected.state,
            expected.published_at,
            expected.published_by_id,
        )
        assert found.snapshot == expected.snapshot
    assert queries.report_of_year(2020).is_published and isinstance(
        queries.report_of_year(2020).snapshot, dict
    )


def test_the_positions_of_a_year_compiled_are_the_orm_s():
    for year, body, name, fte in (
        (2020, "staff", "Bjørn", Decimal("0.60")),
        (2020, "board", "Åse", None),
        (2020, "board", "Anne", None),
        (2021, "board", "Cecilie", None),
    ):
        Position.objects.create(
            year=year, body=body, role="member", name=name, fte=fte, elected_at=date(year, 4, 1)
        )
    for year in (2020, 2021, 2022):
        expected = [
            (p.pk, p.body, p.name, p.fte, p.elected_at, p.gender) for p in Position.objects.of_year(year)
        ]
        found = [
            (p.pk, p.body, p.name, p.fte, p.elected_at, p.gender) for p in queries.positions_of_year(year)
        ]
        assert found == expected
    assert [p.name for p in queries.positions_of_year(2020)] == ["Anne", "Åse", "Bjørn"]


def test_the_surveys_with_their_responses_compiled_are_the_orm_s(operator):
    first, second = SurveyFactory(year=2019, by=operator), SurveyFactory(year=2020, by=operator)
    Response.objects.bulk_create([Response(survey=first)] * 2 + [Response(survey=second)] * 5)
    SurveyFactory(year=2021, by=operator)
    for years in ([2020], [2019, 2020], [2020, 2021, 2022], [2022]):
        expected = {
            s.year: (s.pk, s.state, s.threshold, s.responded)
            for s in Survey.objects.filter(year__in=years).annotate(responded=Count("responses"))
        }
        found = {
            s.year: (s.pk, s.state, s.threshold, s.responded) for s in queries.surveys_with_responses(years)
        }
        assert found == expected
    assert {s.year: s.responded for s in queries.surveys_with_responses([2019, 2020, 2021])} == {
        2019: 2,
        2020: 5,
        2021: 0,
    }


def test_a_report_s_texts_compiled_are_the_orm_s(operator):
    one, other = services.get_report(2019), services.get_report(2020)
    services.save_section_text(report=one, section="members", language="nb", body="Én", by=operator)
    services.save_section_text(report=other, section="members", language="en", body="Two", by=operator)
    services.save_section_text(report=other, section="finance", language="nb", body="Tre", by=operator)
    for report in (one, other):
        expected = [(t.pk, t.section, t.language, t.body) for t in SectionText.objects.filter(report=report)]
        found = [(t.pk, t.section, t.language, t.body) for t in queries.section_texts(report)]
        assert found == expected
