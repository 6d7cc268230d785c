"""Page query counts stay flat as the workbook grows (more rules, more versions, more comments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balanse.certification import services as cert_services
from balanse.certification.models import ReviewComment
from balanse.workbook import services
from balanse.workbook.models import SectionKey
from tests.workbook.conftest import fill_workbook

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    """The queries of the page asked a second time: the default content (kept until a register changes) is
    then kept, whatever was written before."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["", "regler/", "kartlegging/", "plan/", "regler/historikk/", "endringer/"])
def test_workbook_pages_query_count_does_not_grow(client_for, workbook, org_admin, operator, path):
    """Counted with review comments on the page's sections already (a workbook the review commented on makes one
    query more, which asks which sections have comments): more comments change nothing."""
    fill_workbook(workbook, by=org_admin)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=org_admin)
    cert = cert_services.send_back(
        certification=cert, by=operator, comments={"rules": "Mer om turné.", "risk_mapping": "Hva med turné?"}
    )
    client = client_for("admin")
    url = f"/tiltak/{workbook.pk}/{path}"
    before = _count(client, url)
    for n in range(15):
        services.add_rule(workbook=workbook, text=f"Regel nummer {n}", factors=["alcohol"], by=org_admin)
    for key in ("routines", "rules", "risk_mapping", "conversations"):
        ReviewComment.objects.create(
            certification=cert, cycle=cert.cycle, requirement_key=key, text="Hvem tar imot?", author=operator
        )
    assert _count(client, url) == before


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("path", ["", "regler/", "kartlegging/"])
def test_workbook_pages_read_the_review_comments_once(client_for, workbook, org_admin, operator, path):
    """The comments a page shows and the "Must be changed" of a section sent back come from one query."""
    fill_workbook(workbook, by=org_admin)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=org_admin)
    cert_services.send_back(
        certification=cert, by=operator, comments={"rules": "Mer om turné.", "risk_mapping": "Hva med turné?"}
    )
    sqls = _queries(client_for("admin"), f"/tiltak/{workbook.pk}/{path}")
    assert sum(_reads_the_comments(sql) for sql in sqls) == 1


def _reads_the_comments(sql: str) -> bool:
    """The query of the comments themselves (certification.queries.comments_with_state), not the small one that
    asks which sections have any."""
    return sql.startswith('SELECT "certification_reviewcomment"."id"')


@pytest.mark.parametrize("path", ["", "regler/", "kartlegging/"])
def test_workbook_pages_without_review_comments_do_not_read_them(client_for, workbook, org_admin, path):
    fill_workbook(workbook, by=org_admin)
    sqls = _queries(client_for("admin"), f"/tiltak/{workbook.pk}/{path}")
    assert sum(sql.startswith('SELECT "certification_reviewcomment"') for sql in sqls) == 1
    assert not any(_reads_the_comments(sql) for sql in sqls)


def test_a_section_page_reads_the_comments_only_when_the_section_has_one(
    client_for, workbook, org_admin, operator
):
    fill_workbook(workbook, by=org_admin)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=org_admin)
    cert_services.send_back(certification=cert, by=operator, comments={"rules": "Mer om turné."})
    client = client_for("admin")
    risk_mapping = _queries(client, f"/tiltak/{workbook.pk}/kartlegging/")
    assert not any(_reads_the_comments(sql) for sql in risk_mapping)
    assert sum(_reads_the_comments(sql) for sql in _queries(client, f"/tiltak/{workbook.pk}/regler/")) == 1
    page = client.get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    assert "Mer om turné." in page and "Must be changed" not in page
    assert "Mer om turné." not in client.get(f"/tiltak/{workbook.pk}/kartlegging/").content.decode()


def test_overview_reads_the_organisation_with_the_workbook(client_for, workbook):
    """The link to submit checks the certification's organisation: read with the workbook, not on its own."""
    sqls = _queries(client_for("admin"), f"/tiltak/{workbook.pk}/")
    assert sum(sql.startswith('SELECT "organisations_organisation"') for sql in sqls) == 0


def test_the_measures_read_the_workbook_with_its_sections_in_one_query(workbook, org_admin):
    """The required measures of a certification (the organisation's mark page, the operator's case, submitting)
    read this year's workbook with its sections in one query, and are what the workbook's own reads make of
    it; a year whose workbook has no sections (never made so by the services) is all still to do, a
    certification without a workbook keeps the checklist."""
    from balanse.certification.queries import latest_with_organisation
    from balanse.certification.requirements import get_requirements, uses_checklist
    from balanse.workbook import queries

    fill_workbook(workbook, by=org_admin)
    rules = workbook.sections.get(key=SectionKey.RULES)
    services.save_section(
        section=rules, data={**rules.data, "rules": []}, version=rules.version, by=org_admin
    )
    certification = latest_with_organisation(workbook.organisation_id)
    expected = [
        (c.key, c.complete, c.missing) for c in queries.completeness(queries.current_workbook(certification))
    ]
    assert [key for key, complete, _ in expected if not complete] == [SectionKey.RULES]
    with CaptureQueriesContext(connection) as ctx:
        requirements = get_requirements(certification)
    assert [(r.key, r.complete, r.missing) for r in requirements] == expected
    assert requirements[0].url == f"/tiltak/{workbook.pk}/kartlegging/"
    sqls = [query["sql"] for query in ctx.captured_queries]
    assert not any(sql.startswith('SELECT "workbook_workbook"') for sql in sqls), sqls
    assert not any(sql.startswith('SELECT "organisations_organisation"') for sql in sqls), sqls
    assert sum('FROM "workbook_section"' in sql for sql in sqls) == 1

    workbook.sections.all().delete()
    requirements = get_requirements(certification)
    assert requirements and not any(r.complete for r in requirements)
    assert requirements[0].url == f"/tiltak/{workbook.pk}/kartlegging/"
    workbook.delete()
    assert uses_checklist(certification)
