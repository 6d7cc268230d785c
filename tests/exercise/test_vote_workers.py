"""Under ASGI the vote's database work runs on the long-lived worker threads (balanse.exercise.dbworkers)."""

import asyncio
import json
import threading

import pytest
from django.test import AsyncClient
from django.urls import reverse

from balanse.exercise import dbworkers, services
from balanse.exercise.models import Vote
from balanse.exercise.views import COOKIE
from tests.exercise.conftest import open_current


def _run(coroutine):
    """asyncio.run in a thread of its own (another test's event loop may be running in this one)."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _stop_workers():
    yield
    dbworkers.shutdown()


class _JsonClient(AsyncClient):
    async def post(self, path, data=None, **extra):
        return await super().post(path, data, headers={"Accept": "application/json"}, **extra)


def _client(participant) -> AsyncClient:
    client = _JsonClient()
    client.cookies[COOKIE] = participant.token
    return client


def test_concurrent_votes_count_the_last_answer_of_each_token(exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    participants = [services.join(session=exercise_session) for _ in range(12)]
    url = reverse("exercise:vote", args=[exercise_session.code])
    rounds = [[(i + r) % 10 + 1 for i in range(len(participants))] for r in range(3)]

    async def vote_all():
        clients = [_client(p) for p in participants]
        for values in rounds:  # each round: every token at once, changing its answer
            responses = await asyncio.gather(
                *(
                    client.post(url, {"scenario": scenario.pk, "relation-0": str(v), "relation-2": str(v)})
                    for client, v in zip(clients, values, strict=True)
                )
            )
            assert [r.status_code for r in responses] == [200] * len(participants)
            assert all(json.loads(r.content)["ok"] is True for r in responses)

    _run(vote_all())
    assert any(t.name.startswith("exercise-db") for t in threading.enumerate())
    got = {
        (participant, relation): value
        for participant, relation, value in Vote.objects.values_list("participant", "relation", "value")
    }
    expected = {}
    for p, v in zip(participants, rounds[-1], strict=True):
        expected[(p.pk, 0)] = v
        expected[(p.pk, 2)] = v
    assert got == expected


def test_vote_is_answered_after_its_commit(exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    participant = services.join(session=exercise_session)
    url = reverse("exercise:vote", args=[exercise_session.code])

    async def vote_and_look():
        response = await _client(participant).post(url, {"scenario": scenario.pk, "relation-1": "7"})
        # This thread's connection only sees committed rows.
        rows = await asyncio.to_thread(
            lambda: list(Vote.objects.filter(participant=participant).values_list("relation", "value"))
        )
        return response, rows

    response, rows = _run(vote_and_look())
    assert response.status_code == 200
    assert rows == [(1, 7)]


def test_vote_under_asgi_keeps_errors_and_language(exercise_session, org_admin):
    participant = services.join(session=exercise_session)
    scenario = exercise_session.scenarios.get(position=0)  # pending: not open
    url = reverse("exercise:vote", args=[exercise_session.code])

    async def votes():
        closed = await _client(participant).post(url, {"scenario": scenario.pk, "relation-0": "3"})
        english = _client(participant)
        english.cookies["balanse_language"] = "en"
        closed_en = await english.post(url, {"scenario": scenario.pk, "relation-0": "3"})
        stranger = await _JsonClient().post(url, {"scenario": scenario.pk, "relation-0": "3"})
        unknown = await _client(participant).post(url, {"scenario": "999999", "relation-0": "3"})
        return closed, closed_en, stranger, unknown

    closed, closed_en, stranger, unknown = _run(votes())
    assert (closed.status_code, json.loads(closed.content)["ok"]) == (400, False)
    assert json.loads(closed_en.content)["message"] == "Voting on this scenario is closed."
    assert json.loads(closed.content)["message"] != "Voting on this scenario is closed."
    assert stranger.status_code == 403
    assert unknown.status_code == 400
    assert Vote.objects.count() == 0
