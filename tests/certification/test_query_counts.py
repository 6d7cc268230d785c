"""The registry and the dashboard issue the same number of queries with 10 and with 200 organisations."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balanse.certification import queries
from balanse.certification.models import Certification, Period, StateChange
from balanse.certification.views.operator import PAGE_SIZE
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
        reverse("certification:registry") + "?q=Org&municipality=Oslo",
    ],
)
def test_registry_query_count_does_not_grow(client, url):
    make_many(50)
    # The search finds marks at both sizes (a search that finds none reads no rows).
    assert queries.registry(q="Org", municipality="Oslo")
    cache.clear()  # both counts with nothing kept (balanse.core.stamps)
    small = count_queries(client, url)
    make_many(150, start=50)
    assert Certification.objects.holding_mark().count() > 40
    assert count_queries(client, url) == small


def test_dashboard_query_count_does_not_grow(operator_client):
    url = reverse("certification:dashboard")
    make_many(10)
    small_first = count_queries(operator_client, url)  # counts the figures (core.stamps), then keeps them
    small = count_queries(operator_client, url)
    make_many(190, start=10)
    page = operator_client.get(url).content.decode()
    assert "Vis alle 152 pågående sertifiseringer" in page  # 200 organisations, 48 of them ended
    assert count_queries(operator_client, url) == small <= 12
    make_many(1, start=200)  # a write: the figures are counted again, in as many queries as before
    assert count_queries(operator_client, url) == small_first <= 13


@pytest.mark.parametrize(
    "query", ["", "?status=measures", "?vis=vurdering", "?vis=star-stille", "?vis=utloper"]
)
def test_list_page_query_count_does_not_grow(operator_client, query):
    url = reverse("certification:list") + query
    long_ago = timezone.now() - timedelta(days=100)  # stuck in their step
    make_many(10)
    Certification.objects.update(state_changed_at=long_ago)
    small = count_queries(operator_client, url)
    make_many(190, start=10)
    Certification.objects.update(state_changed_at=long_ago)
    assert count_queries(operator_client, url) == small <= 12
    assert count_queries(operator_client, url + ("&" if query else "?") + "side=2") == small


def test_dashboard_shows_the_same_rows_with_ten_and_with_200_organisations(operator_client):
    """The dashboard shows the first few of each list and links to the rest: its rows do not grow."""
    url = reverse("certification:dashboard")
    now = timezone.now()
    make_many(200)
    Certification.objects.update(
        state_changed_at=now - timedelta(days=100)
    )  # all stuck but the certified ones
    Certification.objects.filter(state=S.IN_REVIEW).update(submitted_at=now - timedelta(days=3))
    response = operator_client.get(url)
    context = response.context
    lengths = [len(context[name]) for name in ("queue", "stuck", "expiring", "recent")]
    assert lengths == [5, 5, 5, 5]
    assert (context["queue_total"], context["stuck_total"], context["ongoing_total"]) == (25, 125, 150)
    assert (
        context["expiring_total"]
        == Certification.objects.filter(
            state__in=[S.CERTIFIED, S.FOLLOW_UP], valid_until__lte=timezone.localdate() + timedelta(days=60)
        ).count()
    )
    page = response.content.decode()
    lists = reverse("certification:list")
    for link in ("?vis=vurdering", "?vis=star-stille", "?vis=utloper"):
        assert f'href="{lists}{link}"' in page
    assert "Vis alle 25 innsendinger som venter på vurdering" in page
    assert "De første 5 vises." in page


def test_list_pages_reach_every_row_of_each_list(operator_client):
    make_many(120)  # 15 organisations in each state, one certification each
    now = timezone.now()
    Certification.objects.update(state_changed_at=now - timedelta(days=100))
    url = reverse("certification:list")
    first = operator_client.get(url).context
    assert (first["total"], len(first["rows"]), first["page"].paginator.num_pages) == (90, PAGE_SIZE, 4)
    rows = []
    for number in range(1, 5):
        rows += operator_client.get(url, {"side": number}).context["rows"]
    assert len({row["name"] for row in rows}) == 90
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    assert {row["state"] for row in rows} == {
        S.APPLIED,
        S.COURSE,
        S.MEASURES,
        S.IN_REVIEW,
        S.CERTIFIED,
        S.FOLLOW_UP,
    }
    assert "side=2" in operator_client.get(url).content.decode()
    measures = operator_client.get(url + "?status=measures").context
    assert (measures["total"], [row["state"] for row in measures["rows"]]) == (15, [S.MEASURES] * 15)
    # The review queue, the one waiting longest first, with the days it has waited.
    queue = operator_client.get(url + "?vis=vurdering").context
    assert queue["total"] == 15 and [r["days"] for r in queue["rows"]] == [100] * 15
    # Stuck: every working state but certified.
    stuck = operator_client.get(url + "?vis=star-stille")
    assert stuck.context["total"] == 75
    stuck_rows = [
        row
        for number in (1, 2, 3)
        for row in operator_client.get(url + f"?vis=star-stille&side={number}").context["rows"]
    ]
    assert len({row["pk"] for row in stuck_rows}) == 75
    assert {row["holder"] for row in stuck_rows} == {"balansekunst", "organisation"}
    assert "vis=star-stille&amp;side=2" in stuck.content.decode()
    expiring = operator_client.get(url + "?vis=utloper").context
    days = [row["valid_until"] for row in expiring["rows"]]
    assert days == sorted(days) and expiring["total"] == len(days) > 0


@pytest.mark.parametrize("query", ["?side=abc", "?side=99999", "?side=-1", "?vis=tull&side=0", "?status=%00"])
def test_list_page_bad_input_is_not_an_error(operator_client, query):
    make_many(60)
    response = operator_client.get(reverse("certification:list") + query)
    assert response.status_code == 200
    assert response.context["rows"]


def test_operator_overview_panel_query_count_does_not_grow(operator_client):
    url = reverse("core:dashboard")
    make_many(10)
    small = count_queries(operator_client, url)
    make_many(190, start=10)
    assert count_queries(operator_client, url) == small


def test_organisation_page_reads_the_comments_in_one_query_however_many(
    client, organisation, org_admin, operator, make_certification, django_assert_num_queries
):
    """The review's comments come from one query with nothing read along for each (no author is shown)."""
    from balanse.certification import services
    from balanse.certification.models import ReviewComment

    certification = make_certification(organisation, S.IN_REVIEW)
    services.send_back(certification=certification, by=operator, comments={"rules": "Mer om turné."})
    client.force_login(org_admin)
    url = reverse("certification:organisation", args=[organisation.pk])
    client.get(url)  # the course and meetings are kept from the first view on (balanse.core.stamps)
    few = count_queries(client, url)
    certification.refresh_from_db()
    ReviewComment.objects.bulk_create(
        [
            ReviewComment(
                certification=certification,
                cycle=certification.cycle,
                requirement_key="rules",
                text=f"Kommentar {i}",
                author=operator,
            )
            for i in range(12)
        ]
    )
    page = client.get(url).content.decode()
    assert "Kommentar 11" in page and "Mer om turné." in page
    assert count_queries(client, url) == few
