"""The member list issues the same number of queries with 50 and with 500 members (filters and export too)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.members.models import Fee, Member
from balanse.organisations.models import ArtField, Organisation

pytestmark = pytest.mark.django_db


def make_members(n: int, start: int = 0) -> None:
    fields = list(ArtField.objects.all())
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Medlem {start + i:04d}",
                municipality=["Oslo", "Bergen", "Bodø"][i % 3],
                org_number="",
                is_member=True,
            )
            for i in range(n)
        ]
    )
    members = Member.objects.bulk_create(
        [
            Member(
                organisation=o,
                field=fields[i % len(fields)],
                joined=date(2020, 1 + i % 12, 1) if i % 4 == 0 else date(2018, 1, 1),
            )
            for i, o in enumerate(organisations)
        ]
    )
    Fee.objects.bulk_create(
        [
            Fee(
                member=m,
                year=2020,
                tier=[15000, 5000, None][i % 3],
                agreement="" if i % 3 != 2 else "Samarbeid",
                paid=[15000, 0, 0][i % 3],
                kid=f"2020{m.pk:06d}0" if i % 3 != 2 else "",
            )
            for i, m in enumerate(members)
        ]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "?ar=2020",
        "?ar=2020&fee=unpaid",
        "?ar=2020&fee=paid&field=music&municipality=Oslo",
        "?ar=2020&tier=5000&new=on&side=2",
        "?ar=2020&q=Medlem",
    ],
)
def test_member_list_query_count_is_the_same_for_50_and_500_members(operator_client, query):
    url = reverse("members:list") + query
    make_members(50)
    with_50 = count_queries(operator_client, url)
    make_members(450, start=50)
    with_500 = count_queries(operator_client, url)
    assert with_50 == with_500


def test_the_member_lists_second_page_shows_the_next_members_and_the_count(operator_client):
    """Pages of 50 in the order of the organisations' names: page 2 of 120 shows the 51st to the 100th, the
    count is of them all, and the page asks as many queries at 120 members as at 1 200."""
    make_members(120)
    url = reverse("members:list") + "?ar=2020&side=2"
    response = operator_client.get(url)
    html = response.content.decode()
    shown = [f"Medlem {i:04d}" for i in range(50, 100)]
    assert all(name in html for name in shown)
    assert "Medlem 0049<" not in html and "Medlem 0100<" not in html
    assert [html.index(name) for name in shown] == sorted(html.index(name) for name in shown)
    assert response.context["total"] == 120
    assert [row.name for row in response.context["rows"]] == shown
    queries = count_queries(operator_client, url)  # the count, the page and the filter's choices kept
    make_members(1080, start=120)  # a write: they are read again
    assert count_queries(operator_client, url) == queries + 3
    assert count_queries(operator_client, url) == queries
    assert operator_client.get(url).context["total"] == 1200


def test_member_export_query_count_is_the_same_for_50_and_500_members(operator_client):
    url = reverse("members:export") + "?ar=2020&format=csv"
    make_members(50)
    with_50 = count_queries(operator_client, url)
    make_members(450, start=50)
    assert count_queries(operator_client, url) == with_50


@pytest.mark.parametrize("shown", ["", "&liste=nadd", "&liste=kontakter&side=2"])
def test_collaboration_page_query_count_is_the_same_for_50_and_500_members(operator_client, shown):
    from balanse.members.models import Contact, ContactKind

    def log_contacts(members):
        Contact.objects.bulk_create(
            [Contact(member=m, date=date(2020, 3, 1), kind=ContactKind.TALK) for m in members[::2]]
        )

    url = reverse("members:collaboration") + "?ar=2020" + shown
    make_members(50)
    log_contacts(list(Member.objects.all()))
    with_50 = count_queries(operator_client, url)
    make_members(450, start=50)
    log_contacts(list(Member.objects.filter(organisation__name__gte="Medlem 0050")))
    with_500 = count_queries(operator_client, url)
    assert with_50 == with_500 <= 12
    page = operator_client.get(url)
    assert page.context["counts"] == {"ikke_nadd": 250, "nadd": 250, "kontakter": 250}
    assert page.context["figures"] == {"members_reached": 250, "share_percent": 50.0}
    assert len(page.context["rows"]) == 50
    assert "Medlem 0001" not in page.content.decode().split('id="log-heading"')[1].split("</form>")[0]


@pytest.mark.parametrize(
    "reached_by_year",
    [
        {2019: set(), 2020: set()},
        {2019: {0}, 2020: set()},
        {2019: {0, 1, 2}, 2020: {1, 3, 9}},  # 9: an organisation reached that is no member
    ],
)
def test_the_members_reached_are_counted_as_the_orm_counts_them(reached_by_year):
    """`_collaboration_counted` (SQL compiled once for the number of years and of organisations reached) gives
    the member organisations of each year and those of them reached, as counting them through the ORM does."""
    from balanse.core.numbers import percent
    from balanse.members.models import in_year
    from balanse.members.queries import _collaboration_counted

    organisations = [Organisation.objects.create(name=f"Samarbeid {n}") for n in range(10)]
    for number, organisation in enumerate(organisations[:8]):
        Member.objects.create(
            organisation=organisation,
            joined=date(2018 + number % 3, 3, 1),
            left=date(2019, 6, 30) if number == 2 else None,
        )
    reached_maps = {
        year: {organisations[n].pk: True for n in numbers} for year, numbers in reached_by_year.items()
    }
    years = sorted(reached_maps)
    found = _collaboration_counted(years, reached_maps)
    for year in years:
        members = set(Member.objects.filter(in_year(year)).values_list("organisation_id", flat=True))
        reached = len(members & set(reached_maps[year]))
        assert found[year] == {"members_reached": reached, "share_percent": percent(reached, len(members))}
    assert found[2020]["members_reached"] == len({n for n in reached_by_year[2020] if n < 8 and n != 2})
