"""Page query counts stay flat as the workbook grows (more rules, more versions, more comments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balanse.certification import services as cert_services
from balanse.workbook import services
from tests.workbook.conftest import fill_workbook

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["", "regler/", "kartlegging/", "plan/", "regler/historikk/", "endringer/"])
def test_workbook_pages_query_count_does_not_grow(client_for, workbook, org_admin, operator, path):
    fill_workbook(workbook, by=org_admin)
    client = client_for("admin")
    url = f"/tiltak/{workbook.pk}/{path}"
    before = _count(client, url)
    for n in range(15):
        services.add_rule(workbook=workbook, text=f"Regel nummer {n}", factors=["alcohol"], by=org_admin)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=org_admin)
    cert_services.send_back(
        certification=cert, by=operator, comments={"rules": "Mer om turné.", "routines": "Hvem tar imot?"}
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
    assert sum(sql.startswith('SELECT "certification_reviewcomment"') for sql in sqls) == 1


def test_overview_reads_the_organisation_with_the_workbook(client_for, workbook):
    """The link to submit checks the certification's organisation: read with the workbook, not on its own."""
    sqls = _queries(client_for("admin"), f"/tiltak/{workbook.pk}/")
    assert sum(sql.startswith('SELECT "organisations_organisation"') for sql in sqls) == 0
