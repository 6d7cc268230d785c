"""The operator's page of a certification, and the organisation's own page, show its latest changes and link
to the whole history, which has its own page (one for each), a page at a time; both pages read as many rows, and as many queries, however long the
history. The dashboard's year figures are counted in the database (one row, whatever the year holds)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from balanse.certification import queries
from balanse.certification.models import Certification, StateChange
from balanse.certification.views.common import HISTORY_PAGE_SIZE, HISTORY_ROWS
from tests.factories import OrganisationFactory, make_org_admin

S = Certification.State
pytestmark = pytest.mark.django_db


def add_history(certification, n: int, operator) -> None:
    """`n` more changes (course → measures and back), one day apart, the latest `days=1` ago."""
    start = timezone.now() - timedelta(days=n + 1)
    StateChange.objects.bulk_create(
        [
            StateChange(
                certification=certification,
                from_state=S.COURSE if i % 2 else S.MEASURES,
                to_state=S.MEASURES if i % 2 else S.COURSE,
                at=start + timedelta(days=i),
                by=operator,
                reason=f"Endring {i}",
            )
            for i in range(n)
        ]
    )


def rows_and_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_manage_page_shows_the_latest_changes_and_links_to_the_whole_history(
    operator_client, operator, make_certification
):
    cert = make_certification(OrganisationFactory(name="Lang historie AS"), S.CERTIFIED)
    url = reverse("certification:manage", args=[cert.pk])
    few = cert.history.count()
    assert few < HISTORY_ROWS
    response, small = rows_and_queries(operator_client, url)
    assert len(response.context["history"]) == few and not response.context["history_more"]
    assert reverse("certification:history", args=[cert.pk]) not in response.content.decode()

    add_history(cert, 150, operator)
    response, large = rows_and_queries(operator_client, url)
    assert large == small
    history = response.context["history"]
    assert len(history) == HISTORY_ROWS == 10 and response.context["history_more"]
    # The latest first: the change made by the award (the latest) opens the list.
    latest = cert.history.order_by("-at", "-pk")[:HISTORY_ROWS]
    assert [change.pk for change in history] == [change.pk for change in latest]
    html = response.content.decode()
    assert f'href="{reverse("certification:history", args=[cert.pk])}"' in html
    assert "Vis hele historikken" in html
    assert "De siste 10 endringene vises, den siste først." in html


def test_history_page_pages_through_every_change(operator_client, operator, make_certification):
    cert = make_certification(OrganisationFactory(name="Lang historie AS"), S.MEASURES)
    url = reverse("certification:history", args=[cert.pk])
    _response, small = rows_and_queries(operator_client, url)
    add_history(cert, 120, operator)
    total = cert.history.count()
    response, large = rows_and_queries(operator_client, url)
    assert large == small
    assert (response.context["total"], len(response.context["page"].object_list)) == (
        total,
        HISTORY_PAGE_SIZE,
    )
    html = response.content.decode()
    assert "Historikk: Lang historie AS" in html
    assert f"{total} endringer, den siste først." in html
    assert "side=2" in html
    seen = []
    for number in range(1, response.context["page"].paginator.num_pages + 1):
        page = operator_client.get(url, {"side": number}).context["page"]
        seen += [change.pk for change in page.object_list]
    assert seen == list(cert.history.order_by("-at", "-pk").values_list("pk", flat=True))
    # The oldest change is on the last page.
    last = response.context["page"].paginator.num_pages
    assert "Endring 0" in operator_client.get(url, {"side": last}).content.decode()


def test_the_organisations_page_shows_the_latest_changes_and_its_own_whole_history(
    client, operator, make_certification
):
    organisation = OrganisationFactory(name="Lang historie AS")
    cert = make_certification(organisation, S.CERTIFIED)
    client.force_login(make_org_admin(organisation))
    url = reverse("certification:organisation", args=[organisation.pk])
    history_url = reverse("certification:organisation_history", args=[organisation.pk])
    response, small = rows_and_queries(client, url)
    assert not response.context["history_more"] and history_url not in response.content.decode()

    add_history(cert, 150, operator)
    response, large = rows_and_queries(client, url)
    assert large == small
    latest = cert.history.order_by("-at", "-pk")[:HISTORY_ROWS]
    assert [change.pk for change in response.context["history"]] == [change.pk for change in latest]
    assert f'href="{history_url}"' in response.content.decode()

    response, _queries = rows_and_queries(client, history_url)
    html = response.content.decode()
    assert f"{cert.history.count()} endringer, den siste først." in html
    assert f'href="{url}"' in html  # back to the organisation's page, not the operator's
    assert reverse("certification:manage", args=[cert.pk]) not in html
    seen = []
    for number in range(1, response.context["page"].paginator.num_pages + 1):
        seen += [
            change.pk for change in client.get(history_url, {"side": number}).context["page"].object_list
        ]
    assert seen == list(cert.history.order_by("-at", "-pk").values_list("pk", flat=True))


def test_the_history_of_an_organisation_that_never_applied_is_not_found(client):
    organisation = OrganisationFactory()
    client.force_login(make_org_admin(organisation))
    url = reverse("certification:organisation_history", args=[organisation.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("side", ["abc", "99999", "-1", "0", "1.5", ""])
def test_history_page_bad_page_is_not_an_error(operator_client, operator, make_certification, side):
    cert = make_certification(OrganisationFactory(), S.MEASURES)
    add_history(cert, 60, operator)
    response = operator_client.get(reverse("certification:history", args=[cert.pk]), {"side": side})
    assert response.status_code == 200
    assert response.context["page"].object_list


def test_year_figures_are_counted_in_the_database_and_agree_with_the_annual_figures():
    call_command("load_demo", verbosity=0)
    for year in (2020, 2024, 2025, 2026):
        with CaptureQueriesContext(connection) as ctx:
            figures = queries.year_figures(year)
        # The registers' write stamp, then the one count (kept until a write: balanse.core.stamps).
        assert len(ctx.captured_queries) == 2
        with CaptureQueriesContext(connection) as ctx:
            assert queries.year_figures(year) == figures
        assert len(ctx.captured_queries) == 1
        assert figures == queries._year_figures([year]).evaluate()[year]
    assert queries.year_figures(2020) == {"awarded": 5, "course_only": 7, "through_course": 12, "renewed": 0}


def test_state_labels_are_djangos_in_each_language(make_certification, operator):
    """The models' own `get_…_display` (translated once per language) say what Django's would."""
    cert = make_certification(OrganisationFactory(), S.MEASURES)
    change = cert.history.order_by("-at", "-pk").first()
    for language, expected in (("nb", ("Tiltak", "Kurs")), ("en", ("Measures", "Course"))):
        with translation.override(language):
            assert (
                cert.get_state_display(),
                change.get_to_state_display(),
                change.get_from_state_display(),
            ) == (
                expected[0],
                expected[0],
                expected[1],
            )
            field = Certification._meta.get_field("state")
            for value, label in S.choices:
                other = Certification(state=value)
                assert other.get_state_display() == str(label) == other._get_FIELD_display(field)
    assert StateChange(to_state=S.APPLIED).get_from_state_display() == ""
