"""A draft's figures are kept until a register changes (balanse.core.stamps): a second view of a draft reads
no register, and any write, a bulk one included, shows at once."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.members.models import Member
from balanse.report import queries
from balanse.report.content import build_figures, draft_content
from balanse.report.models import FinanceLine
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _registers_read(captured) -> set[str]:
    return {
        table
        for query in captured.captured_queries
        for table in ("members_member", "certification_statechange", "report_financeline")
        if f'"{table}"' in query["sql"]
    }


def test_the_draft_is_read_from_the_registers_once_then_kept(client_for):
    MemberFactory.create_batch(3, joined=date(2020, 2, 1))
    FinanceLine.objects.create(year=2020, line="Tilskudd", amount=1000)
    client = client_for("operator")
    for url in (reverse("report:public", args=[2020]), reverse("report:edit", args=[2020])):
        cache.clear()  # the public page keeps the figures the editing page shows
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as second:
            response = client.get(url)
        assert response.status_code == 200
        assert "members_member" in _registers_read(first)
        assert _registers_read(second) == set()
        assert len(second.captured_queries) < len(first.captured_queries)


@pytest.mark.parametrize("how", ["save", "bulk update", "delete"])
def test_a_write_of_any_kind_shows_in_the_figures_at_once(client_for, how):
    members = MemberFactory.create_batch(3, joined=date(2020, 2, 1))
    assert queries.annual_figures(2020)["members"]["total"] == 3
    assert queries.annual_figures(2020)["members"]["total"] == 3  # kept
    assert draft_content(2020)["figures"]["members"]["total"] == 3
    if how == "save":
        members[0].left = date(2019, 12, 31)
        members[0].save()
    elif how == "bulk update":
        Member.objects.filter(pk=members[0].pk).update(joined=date(2021, 1, 1))
    else:
        members[0].delete()
    assert queries.annual_figures(2020)["members"]["total"] == 2
    assert build_figures(2020)["figures"]["members"]["total"] == 2
    assert draft_content(2020)["figures"]["members"]["total"] == 2
