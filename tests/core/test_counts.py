"""Several counts in one query (core/counts.py) and answers for several years read together (permissions.memo_many)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balanse.core.counts import count_each, count_panels
from balanse.core.models import User
from balanse.core.permissions import PermissionCacheMiddleware, memo_many
from balanse.core.signals import Panel
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_count_each_counts_every_queryset_in_one_query():
    UserFactory.create_batch(3)
    OperatorFactory.create_batch(2)
    with CaptureQueriesContext(connection) as ctx:
        counts = count_each(
            {
                "all": User.objects.all(),
                "staff": User.objects.filter(is_staff=True),
                "nobody": User.objects.filter(email="nobody@example.org"),
                "none": User.objects.none(),
            }
        )
    assert counts == {"all": 5, "staff": 2, "nobody": 0, "none": 0}
    assert len(ctx.captured_queries) == 1


def test_count_panels_puts_each_number_in_its_panel():
    OperatorFactory()
    panels = [
        Panel("a.html", {"year": 2020}, counts={"people": User.objects.all()}),
        Panel("b.html"),
        Panel("c.html", counts={"staff": User.objects.filter(is_staff=True), "none": User.objects.none()}),
    ]
    count_panels(panels)
    assert [panel.context for panel in panels] == [{"year": 2020, "people": 1}, {}, {"staff": 1, "none": 0}]


def test_memo_many_reads_the_years_together_in_a_request_and_alone_outside():
    asked = []

    def compute(years):
        asked.append(list(years))
        return {year: {"year": year} for year in years}

    assert memo_many("test", 2020, (2019,), compute) == {"year": 2020}
    assert asked == [[2020]]  # outside a request: only the year asked for

    asked.clear()

    def page(request):
        first = memo_many("test", 2020, (2019,), compute)
        first["changed"] = True  # a copy: what the next caller gets is not changed
        return [first, memo_many("test", 2019, (2020,), compute), memo_many("test", 2020, (), compute)]

    answers = PermissionCacheMiddleware(page)(None)
    assert asked == [[2020, 2019]]
    assert answers == [{"year": 2020, "changed": True}, {"year": 2019}, {"year": 2020}]
