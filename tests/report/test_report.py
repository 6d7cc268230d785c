"""The report: texts with preview, publish freezes a snapshot, the public page, charts, PDF, query counts."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from balanse.advisory.models import Channel, Inquiry, Topic
from balanse.grants.models import Status
from balanse.report import services
from balanse.report.models import AnnualReport, FinanceLine, Position, SectionText
from balanse.report.presentation import charts
from balanse.report.text import render_markdown
from tests.activities.factories import ActivityFactory, SupplementaryEntryFactory
from tests.communication.factories import EntryFactory, KeyFigureFactory
from tests.grants.factories import ApplicationFactory
from tests.members.factories import ContactFactory, FeeFactory, MemberFactory, SupportingMemberFactory

pytestmark = pytest.mark.django_db


def test_markdown_is_cleaned_and_headings_start_under_the_section():
    html = render_markdown("# Tittel\n\n<script>alert(1)</script>\n\n[lenke](javascript:alert(1)) **fet**")
    assert "<h3>Tittel</h3>" in html
    assert "<script" not in html and "javascript:" not in html
    assert "<strong>fet</strong>" in html


def test_preview_shows_the_text_without_saving_then_save_stores_it(client_for):
    client = client_for("operator")
    url = reverse("report:save_text", args=[2020])
    data = {
        "section": "members",
        "language": "nb",
        "members-nb-section": "members",
        "members-nb-language": "nb",
    }
    response = client.post(
        url, data | {"members-nb-body": "Vi fikk **mange** nye medlemmer.", "preview": "1"}
    )
    assert response.status_code == 200
    assert "<strong>mange</strong>" in response.content.decode()
    assert not SectionText.objects.exists()
    response = client.post(url, data | {"members-nb-body": "Vi fikk **mange** nye medlemmer.", "save": "1"})
    assert response.status_code == 302
    assert SectionText.objects.get(section="members", language="nb").body.startswith("Vi fikk")


def test_published_report_is_frozen_and_public(client_for, operator):
    FinanceLine.objects.create(year=2020, line="Tilskudd", amount=1000)
    report = services.get_report(2020)
    services.save_section_text(
        report=report, section="introduction", language="nb", body="Et godt år.", by=operator
    )
    assert client_for("anonymous").get(reverse("report:public", args=[2020])).status_code == 404
    services.publish_report(report=report, by=operator)
    FinanceLine.objects.create(year=2020, line="Mer", amount=5000)
    Position.objects.create(year=2020, body="board", role="leader", name="Sent Valgt")
    page = client_for("anonymous").get(reverse("report:public", args=[2020])).content.decode()
    assert "Et godt år." in page
    assert "1\u00a0000" in page and "6\u00a0000" not in page and "Sent Valgt" not in page
    with pytest.raises(services.ReportError):
        services.save_section_text(
            report=report, section="introduction", language="nb", body="Nytt", by=operator
        )
    response = client_for("operator").get(reverse("report:figures_json", args=[2020]))
    assert b'"income_total": 1000' in response.content
    services.unpublish_report(report=AnnualReport.objects.get(year=2020), by=operator)
    assert "Sent Valgt" in client_for("operator").get(reverse("report:public", args=[2020])).content.decode()


def test_charts_are_svg_with_a_text_alternative_and_their_table():
    content = {
        "year": 2020,
        "figures": {
            "activities": {
                "by_type": {"workshop": 15, "kurs": 12},
                "audience_incl_streaming": 8500,
                "audience_excl_streaming": 1750,
            },
            "members": {"by_field": {"Musikk": 54, "Film": 0}},
            "finance": {"income_by_line": {}},
        },
    }
    found = charts(content)
    assert set(found) == {"activities", "members", "audience"}
    assert found["activities"]["rows"] == [("workshop", 15), ("kurs", 12)]
    assert "workshop 15" in found["activities"]["alt"] and "kurs 12" in found["activities"]["alt"]
    assert found["members"]["rows"] == [("Musikk", 54)]
    import base64

    svg = base64.b64decode(found["activities"]["src"].split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "workshop" in svg


def test_the_2020_pdf_is_tagged_with_contents_and_key_figures(demo, client_for):
    response = client_for("operator").get(reverse("report:pdf", args=[2020]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = " ".join(page.extract_text() for page in reader.pages)
    for figure in ("3 417 012", "425 165", "105", "69,5", "3,2", "Innhold", "Thomas Walle", "9 av 9"):
        assert figure in text.replace("\u00a0", " "), figure
    words = " ".join(text.split())
    assert "5 fikk Balansemerket" in words  # from the certification app's history
    assert "7 gjennomførte kursing og er på vei mot merket" in words


def test_the_2020_survey_results_in_the_report_are_the_published_percentages(demo, client_for):
    page = client_for("operator").get(reverse("report:public", args=[2020])).content.decode()
    assert "gjennomsnitt 46" in page
    for share in ("67 %", "56 %", "44 %", "11 %", "22 %", "89 %", "33 %"):
        assert share in page, share


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_pages_query_count_does_not_grow_with_rows(client_for, operator):
    client = client_for("operator")
    services.create_survey(year=2020, by=operator)

    def add(n, start):
        for i in range(start, start + n):
            Position.objects.create(year=2020, body="board", role="member", name=f"Person {i}")
            FinanceLine.objects.create(year=2020, line=f"Linje {i}", amount=1000 + i)

    add(5, 0)
    urls = [
        reverse(name, args=[2020])
        for name in ("report:edit", "report:public", "report:board", "report:finance")
    ]
    few = [_count(client, url) for url in urls]
    add(45, 5)
    many = [_count(client, url) for url in urls]
    assert few == many


def test_the_draft_report_reads_every_register_in_queries_that_do_not_grow_with_rows(client_for, operator):
    """The report's year and the year before from every back-office register (members, fees, supporting
    members, contacts, activities and their organisers, supplements, grants, inquiries, communication, key
    figures, board and finance): ten times the rows, the same number of queries."""
    client = client_for("operator")
    statuses = (Status.GRANTED, Status.PAID, Status.POSTPONED, Status.DECLINED, Status.SUBMITTED)

    def add(n, start):
        for i in range(start, start + n):
            for year in (2019, 2020):
                member = MemberFactory(joined=date(year, 2, 1))
                FeeFactory(member=member, year=year, paid=5000 if i % 2 else 0)
                ContactFactory(member=member, date=date(year, 4, 1), by=operator)
                SupportingMemberFactory(joined=date(year, 3, 1))
                activity = ActivityFactory(date=date(year, 3, 1), place=f"Sted {i}", digital=i % 3 == 0)
                activity.organisers.add(member.organisation)
                SupplementaryEntryFactory(year=year, by=operator)
                ApplicationFactory(year=year, status=statuses[i % len(statuses)], amount_granted=10000)
                Inquiry.objects.create(
                    ref=f"RT-{year}-{i:04d}",
                    date=date(year, 5, 1),
                    channel=Channel.PHONE,
                    topic=Topic.HARASSMENT,
                )
                EntryFactory(date=date(year, 3, 8), by=operator)
                KeyFigureFactory(year=year, by=operator)
                Position.objects.create(year=year, body="board", role="member", name=f"Person {i}")
                FinanceLine.objects.create(year=year, line=f"Linje {i}", amount=1000 + i)

    url = reverse("report:public", args=[2020])
    add(2, 0)
    few = _count(client, url)
    add(18, 2)
    many = _count(client, url)
    assert few == many
    assert many <= 12  # every register's grouped counts in one query (issue 19)


def test_english_readers_get_the_english_text_and_labels(client_for, operator):
    report = services.get_report(2020)
    services.save_section_text(
        report=report, section="finance", language="nb", body="Sunn økonomi.", by=operator
    )
    services.save_section_text(
        report=report, section="finance", language="en", body="Sound finances.", by=operator
    )
    services.publish_report(report=report, by=operator)
    client = client_for("anonymous")
    assert "Sunn økonomi." in client.get(reverse("report:public", args=[2020])).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("report:public", args=[2020])).content.decode()
    assert "Sound finances." in page and "Sunn økonomi." not in page
    assert "Key figures" in page


def test_a_published_pdf_is_made_once_and_kept_in_the_cache(client_for, operator):
    from django.core.cache import cache

    cache.clear()
    report = services.publish_report(report=services.get_report(2020), by=operator)
    client = client_for("anonymous")
    first = client.get(reverse("report:pdf", args=[2020])).content
    key = f"report:pdf:2020:{report.published_at.timestamp()}:nb"
    assert cache.get(key) == first
    cache.set(key, b"%PDF-kept")
    assert client.get(reverse("report:pdf", args=[2020])).content == b"%PDF-kept"
