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
