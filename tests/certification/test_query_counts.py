"""The registry and the dashboard issue the same number of queries with 10 and with 200 organisations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balanse.certification.models import Certification, Period, StateChange
from balanse.organisations.models import ArtField, Organisation

S = Certification.State
pytestmark = pytest.mark.django_db

STATES = [S.APPLIED, S.COURSE, S.MEASURES, S.IN_REVIEW, S.CERTIFIED, S.FOLLOW_UP, S.EXPIRED, S.WITHDRAWN]


def make_many(n: int, start: int = 0) -> None:
    today = timezone.localdate()
    now = timezone.now()
    fields = list(ArtField.objects.all())
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Org {start + i}", municipality=["Oslo", "Bergen", "Bodø"][i % 3])
            for i in range(n)
        ]
    )
    through = Organisation.art_fields.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, artfield_id=fields[i % len(fields)].pk) for i, o in enumerate(orgs)]
    )
    certs = []
    for i, org in enumerate(orgs):
        state = STATES[i % len(STATES)]
        has_mark = state in (S.CERTIFIED, S.FOLLOW_UP, S.EXPIRED, S.WITHDRAWN)
        certs.append(
            Certification(
                organisation=org,
                state=state,
                state_changed_at=now - timedelta(days=i),
                certificate_number=f"BM-2026-{start + i:04d}" if has_mark else "",
                valid_from=today - timedelta(days=300) if has_mark else None,
                valid_until=today + timedelta(days=30 + start + i) if has_mark else None,
            )
        )
    certs = Certification.objects.bulk_create(certs)
    Period.objects.bulk_create(
        [
            Period(certification=c, cycle=1, valid_from=c.valid_from, valid_until=c.valid_until)
            for c in certs
            if c.valid_from
        ]
    )
    StateChange.objects.bulk_create(
        [StateChange(certification=c, from_state=S.COURSE, to_state=S.MEASURES, at=now) for c in certs]
        + [
            StateChange(certification=c, from_state=S.IN_REVIEW, to_state=S.CERTIFIED, at=now)
            for c in certs[::3]
        ]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("certification:registry"),
        reverse("certification:registry") + "?q=Org&field=music&municipality=Oslo",
    ],
)
def test_registry_query_count_does_not_grow(client, url):
    make_many(10)
    small = count_queries(client, url)
    make_many(190, start=10)
    assert Certification.objects.holding_mark().count() > 40
    assert count_queries(client, url) == small


def test_dashboard_query_count_does_not_grow(operator_client):
    url = reverse("certification:dashboard")
    make_many(10)
    small = count_queries(operator_client, url)
    make_many(190, start=10)
    page = operator_client.get(url).content.decode()
    assert "Side 1 av 4" in page
    assert count_queries(operator_client, url) == small


def test_operator_overview_panel_query_count_does_not_grow(operator_client):
    url = reverse("core:dashboard")
    make_many(10)
    small = count_queries(operator_client, url)
    make_many(190, start=10)
    assert count_queries(operator_client, url) == small


def test_dashboard_pages_count_what_the_list_shows(operator_client):
    make_many(120)  # 15 organisations in each state, one certification each
    url = reverse("certification:dashboard")
    ongoing = operator_client.get(url + "?side=2").context["ongoing"]
    assert (ongoing.paginator.num_pages, ongoing.number, len(ongoing.object_list)) == (2, 2, 40)
    assert {c.state for c in ongoing.object_list} <= {
        S.APPLIED,
        S.COURSE,
        S.MEASURES,
        S.IN_REVIEW,
        S.CERTIFIED,
        S.FOLLOW_UP,
    }
    measures = operator_client.get(url + "?status=measures").context["ongoing"]
    assert (measures.paginator.count, measures.paginator.num_pages) == (15, 1)
    assert [c.state for c in measures.object_list] == [S.MEASURES] * 15
