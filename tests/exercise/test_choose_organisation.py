"""The organisation of a session or an own exercise: the operator types it (among every organisation), an
organisation admin picks among the few it administers; the pages read as many queries with ten times the
organisations."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.exercise.models import ExerciseSession, ExerciseTemplate
from balanse.organisations.models import Organisation
from tests.factories import OrganisationFactory, make_org_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def theatres(db):
    return [
        OrganisationFactory(name=name) for name in ("Hålogaland Teater", "Teater Ibsen", "Rogaland Teater")
    ]


def start(client, organisation: str, **extra):
    from balanse.exercise import services

    data = {"template": services.default_template().pk, "organisation": organisation, "mode": "presenter"}
    return client.post(reverse("exercise:start"), data | extra)


def test_operator_starts_a_session_for_an_organisation_by_typing_its_name(operator_client, theatres):
    response = start(operator_client, "ibsen")
    session = ExerciseSession.objects.get()
    assert response.status_code == 302
    assert session.organisation == theatres[1]


def test_operator_typing_a_name_several_share_picks_among_them(operator_client, theatres):
    response = start(operator_client, "teater", participant_cap="40")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Flere virksomheter passer til «teater». Velg én av dem nedenfor, og send skjemaet igjen." in page
    assert "<legend" in page and "Virksomheter som passer" in page
    for theatre in theatres:
        assert f'value="{theatre.pk}"' in page
    assert 'value="40"' in page  # nothing else typed is lost
    response = start(operator_client, "teater", participant_cap="40", organisation_valg=str(theatres[2].pk))
    assert response.status_code == 302
    session = ExerciseSession.objects.get()
    assert (session.organisation, session.participant_cap) == (theatres[2], 40)


def test_operator_leaves_the_organisation_empty_for_balansekunsts_own(operator_client, theatres):
    assert start(operator_client, "").status_code == 302
    assert ExerciseSession.objects.get().organisation is None


def test_operator_typing_no_match_or_hostile_text_gets_a_message(operator_client, theatres):
    for typed in ("Finnes ikke", "'; DROP TABLE organisations_organisation; --", "x" * 10_000):
        response = start(operator_client, typed)
        assert response.status_code == 400
        assert ExerciseSession.objects.count() == 0
    assert Organisation.objects.count() == 3


def test_organisation_admin_chooses_among_its_own_and_cannot_pick_another(client, theatres):
    admin = make_org_admin(theatres[0])
    client.force_login(admin)
    page = client.get(reverse("exercise:facilitate")).content.decode()
    assert '<option value="Hålogaland Teater">Hålogaland Teater</option>' in page
    assert "Teater Ibsen" not in page
    for other in (theatres[1].name, str(theatres[1].pk)):
        response = start(client, other, organisation_valg=str(theatres[1].pk))
        assert response.status_code == 400
    assert ExerciseSession.objects.count() == 0
    assert start(client, theatres[0].name).status_code == 302


def test_operator_makes_an_own_exercise_for_an_organisation_by_typing_its_name(
    operator_client, theatres, default_template
):
    response = operator_client.post(
        reverse("exercise:template_create") + f"?fra={default_template.pk}",
        {"title": "Vår øvelse", "scenarios": "A\nB", "relations": "En kollega", "organisation": "rogaland"},
    )
    assert response.status_code == 302
    assert ExerciseTemplate.objects.get(title="Vår øvelse").organisation == theatres[2]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["facilitate", "template_create"])
def test_operator_pages_read_as_many_queries_with_ten_times_the_organisations(
    operator_client, default_template, page
):
    # The default exercise's key differs between databases (PostgreSQL does not restart its sequences).
    url = reverse(f"exercise:{page}") + (f"?fra={default_template.pk}" if page == "template_create" else "")
    Organisation.objects.bulk_create([Organisation(name=f"Virksomhet {i:04d}") for i in range(30)])
    with_30 = count_queries(operator_client, url)
    Organisation.objects.bulk_create([Organisation(name=f"Virksomhet {i:04d}") for i in range(30, 300)])
    with_300 = count_queries(operator_client, url)
    assert with_30 == with_300 <= 12
    assert "Virksomhet 0001" not in operator_client.get(url).content.decode()


def test_organisation_admin_makes_an_own_exercise_for_its_own_organisation_only(
    client, theatres, default_template
):
    admin = make_org_admin(theatres[0])
    make_org_admin(theatres[1], user=admin)  # two of them: both offered, in name order
    client.force_login(admin)
    url = reverse("exercise:template_create") + f"?fra={default_template.pk}"
    page = client.get(url).content.decode()
    options = re.findall(
        r'<option value="([^"]*)"', page.split('name="organisation"', 1)[1].split("</select>")[0]
    )
    assert options == sorted([theatres[0].name, theatres[1].name])
    assert theatres[2].name not in page
    form = {"title": "Vår øvelse", "scenarios": "A\nB", "relations": "En kollega"}
    refused = client.post(url, form | {"organisation": theatres[2].name})
    assert refused.status_code == 200 and refused.context["form"].errors["organisation"]
    assert not ExerciseTemplate.objects.filter(title="Vår øvelse").exists()
    assert client.post(url, form | {"organisation": theatres[1].name}).status_code == 302
    assert ExerciseTemplate.objects.get(title="Vår øvelse").organisation == theatres[1]
