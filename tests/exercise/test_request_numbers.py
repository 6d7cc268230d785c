"""Numbers from a request are ASCII digits only: a Unicode digit (², ٣) is refused with a message, never a 500
and never counted as another number (issue 9, finding 4)."""

import pytest
from django.urls import reverse

from balanse.exercise.models import ExerciseSession, Participant, Vote
from balanse.exercise.views.participants import COOKIE
from tests.exercise.conftest import open_current

pytestmark = pytest.mark.django_db


def _join(client, session):
    client.post(reverse("exercise:participate", args=[session.code]))
    return Participant.objects.get(token=client.cookies[COOKIE].value)


@pytest.mark.parametrize("value", ["²", "٣", "３", "0", "11", "3.5", "x"])
def test_vote_with_a_number_outside_ascii_1_to_10_is_refused(client, exercise_session, org_admin, value):
    participant = _join(client, exercise_session)
    scenario = open_current(exercise_session, org_admin)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]),
        {"scenario": scenario.pk, "relation-0": value, "relation-1": "4"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "Velg et tall fra 1 til 10."}
    assert not Vote.objects.filter(participant=participant).exists()


@pytest.mark.parametrize("scenario", ["²", "٣", "9" * 40, "-1"])
def test_vote_for_a_scenario_that_is_not_an_ascii_number_is_refused(
    client, exercise_session, org_admin, scenario
):
    participant = _join(client, exercise_session)
    open_current(exercise_session, org_admin)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]),
        {"scenario": scenario, "relation-0": "3"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not Vote.objects.filter(participant=participant).exists()


def test_self_paced_scenario_index_from_the_address_is_ascii_only(client, self_paced_session):
    _join(client, self_paced_session)
    url = reverse("exercise:participate", args=[self_paced_session.code])
    first = self_paced_session.scenarios.get(position=0).text
    for value in ("٣", "²", "９"):
        html = client.get(url, {"s": value}).content.decode()
        assert first in html


def test_template_copy_from_a_unicode_digit_is_not_an_error(admin_client):
    response = admin_client.get(reverse("exercise:template_create"), {"fra": "²"})
    assert response.status_code == 200


def test_participant_cap_in_unicode_digits_is_refused(admin_client, default_template, organisation):
    response = admin_client.post(
        reverse("exercise:start"),
        {
            "template": default_template.pk,
            "organisation": organisation.name,
            "mode": "presenter",
            "participant_cap": "٣",
        },
    )
    assert response.status_code == 400
    assert ExerciseSession.objects.count() == 0
