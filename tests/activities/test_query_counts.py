"""The activity list (and its export) issues the same number of queries with 50 and with 500 activities."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.activities.models import Activity, ActivityType
from balanse.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def make_activities(n: int, start: int = 0) -> None:
    types = list(ActivityType.objects.all())
    members = list(
        Organisation.objects.bulk_create(
            [Organisation(name=f"Arrangør {start + i:04d}", is_member=True) for i in range(3)]
        )
    )
    activities = Activity.objects.bulk_create(
        [
            Activity(
                title=f"Aktivitet {start + i:04d}",
                type=types[i % len(types)],
                date=date(2020, 1, 1) + timedelta(days=i % 360),
                place=["Oslo", "Bergen", ""][i % 3],
                digital=i % 3 == 2,
                participants=i,
                organiser_names=f"Arrangør {start + i % 3:04d} | Andre",
            )
            for i in range(n)
        ]
    )
    through = Activity.organisers.through
    through.objects.bulk_create(
        [through(activity_id=a.pk, organisation_id=members[i % 3].pk) for i, a in enumerate(activities)]
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
        "?ar=2020&digital=yes",
        "?ar=2020&place=Oslo&organiser=Arr",
        "?ar=2020&side=2",
        "?ar=2020&q=Akt",
    ],
)
def test_activity_list_query_count_is_the_same_for_50_and_500_activities(operator_client, query):
    url = reverse("activities:list") + query
    make_activities(50)
    with_50 = count_queries(operator_client, url)
    make_activities(450, start=50)
    assert count_queries(operator_client, url) == with_50


def test_activity_export_query_count_is_the_same_for_50_and_500_activities(operator_client):
    url = reverse("activities:export") + "?ar=2020&format=csv"
    make_activities(50)
    with_50 = count_queries(operator_client, url)
    make_activities(450, start=50)
    assert count_queries(operator_client, url) == with_50


def test_type_filter(operator_client):
    make_activities(20)
    kurs = ActivityType.objects.get(name="kurs")
    response = operator_client.get(reverse("activities:list") + f"?ar=2020&type={kurs.pk}")
    assert response.context["total"] == Activity.objects.filter(type=kurs).count() > 0


def _rows(response) -> list[tuple]:
    return [
        (a.title, str(a.type), a.date, a.member_count, a.participants)
        for a in response.context["page"].object_list
    ]


def test_the_year_list_and_a_filtered_list_show_the_same_rows_and_pages(operator_client):
    """The year's list without filters (compiled once, read a page at a time) gives the rows, their order,
    types, member counts and pages that the filtered list (the ORM) gives for a filter that keeps them all."""
    make_activities(120)
    Activity.objects.create(title="Ikke i år", type=ActivityType.objects.first(), date=date(2021, 1, 1))
    operator_client.cookies["balanse_language"] = "en"
    for page in ("1", "2", "3"):
        plain = operator_client.get(reverse("activities:list") + f"?ar=2020&side={page}")
        filtered = operator_client.get(reverse("activities:list") + f"?ar=2020&q=Aktivitet&side={page}")
        assert plain.context["total"] == filtered.context["total"] == 120
        assert _rows(plain) == _rows(filtered)
        assert len(_rows(plain)) == (50 if page != "3" else 20)
    first = operator_client.get(reverse("activities:list") + "?ar=2020")
    assert _rows(first)[0][2] == date(2020, 4, 29) and _rows(first)[0][3] == 1
    assert "1 member linked" in first.content.decode()
    Activity.organisers.through.objects.filter(activity__title="Aktivitet 0119").delete()
    again = operator_client.get(reverse("activities:list") + "?ar=2020")
    assert [row[3] for row in _rows(again) if row[0] == "Aktivitet 0119"] == [0]
    with CaptureQueriesContext(connection) as kept:
        operator_client.get(reverse("activities:list") + "?ar=2020")
    assert not any(
        '"activities_activity"' in query["sql"] for query in kept.captured_queries
    )  # until a write
    Activity.objects.filter(title="Aktivitet 0119").update(title="Aktivitet 0119 (endret)")
    changed = operator_client.get(reverse("activities:list") + "?ar=2020")
    assert "Aktivitet 0119 (endret)" in [row[0] for row in _rows(changed)]
