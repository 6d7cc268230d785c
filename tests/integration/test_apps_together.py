"""The apps plugged together: figures and requirements cross from one app to another through hooks."""

import pytest

from balanse.certification import services as certification
from balanse.certification.requirements import get_requirements
from balanse.course import services as course_services
from balanse.course.models import Course

pytestmark = pytest.mark.django_db


def test_course_figures_appear_on_the_certification_page(client_for, organisation, operator):
    certification.apply(organisation=organisation, by=operator)
    course = Course.objects.get(slug="trygt-kulturliv")
    course_services.invite_learners(
        organisation=organisation,
        course=course,
        emails=["a@example.org", "b@example.org"],
        by=operator,
        send_email=False,
    )
    html = client_for("admin").get(f"/virksomhet/{organisation.pk}/merket/").content.decode()
    assert "Nettkurset" in html or "The online course" in html
    facts = html[html.index("Invitert") :][:400]
    assert "<dd>2</dd>" in facts


def test_workbook_replaces_the_interim_checklist_once_started(organisation, operator, org_admin):
    from datetime import date

    from balanse.certification.requirements import uses_checklist
    from balanse.workbook import services as workbook_services

    cert = certification.apply(organisation=organisation, by=operator)
    cert = certification.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Kari", place="Oslo"
    )
    cert = certification.mark_course_held(certification=cert, by=operator, participants=9)
    assert uses_checklist(cert)

    workbook_services.start_workbook(certification=cert, by=org_admin)
    requirements = get_requirements(cert)
    assert not uses_checklist(cert)
    assert {str(r.key) for r in requirements} == {
        "risk_mapping",
        "rules",
        "routines",
        "consequences",
        "responsibility",
        "conversations",
        "contract_clause",
    }
    workbook = cert.workbooks.get()
    assert all(r.url and r.url.startswith(f"/tiltak/{workbook.pk}/") for r in requirements)
    assert not any(r.complete for r in requirements)
    with pytest.raises(certification.TransitionError):
        certification.submit_for_review(certification=cert, by=org_admin)
    cert.refresh_from_db()
    assert cert.state == "measures"
