"""Votes are written in batches (group commit): each vote still gets its own answer, limits and the cap hold, and
a phone's last answer is what is counted."""

import asyncio
import json
import threading
import time

import pytest
from django.core.cache import cache
from django.test import AsyncClient
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from balanse.exercise import services
from balanse.exercise.groupcommit import GroupCommit
from balanse.exercise.models import Participant, Vote
from balanse.exercise.services import JoinRequest, VoteRequest
from balanse.exercise.views.participants import COOKIE, JOINS, VOTES
from tests.exercise.conftest import open_current, run_in_own_loop


def _request(participant, scenario, values, *, code=None) -> VoteRequest:
    return VoteRequest(
        code=code or participant.session.code, token=participant.token, scenario=scenario.pk, values=values
    )


def _answers(scenario) -> dict:
    return {
        (participant, relation): value
        for participant, relation, value in Vote.objects.filter(scenario=scenario).values_list(
            "participant", "relation", "value"
        )
    }


@pytest.mark.django_db
def test_batch_with_one_bad_vote_fails_only_that_vote(exercise_session, org_admin, django_assert_num_queries):
    scenario = open_current(exercise_session, org_admin)
    closed = exercise_session.scenarios.get(position=1)
    first, second, third = (services.join(session=exercise_session) for _ in range(3))
    stranger = VoteRequest(
        code=exercise_session.code, token="no-such-token", scenario=scenario.pk, values={0: 5}
    )
    batch = [
        _request(first, scenario, {0: 3, 1: 4}),
        _request(second, closed, {0: 9}),  # not the open scenario
        stranger,
        _request(third, scenario, {2: 11}),  # out of range
        _request(third, scenario, {2: 8}),
    ]
    outcomes = services.record_votes(batch)
    assert [o.status for o in outcomes] == [200, 400, 403, 400, 200]
    assert [str(o.message) for o in outcomes] == [
        "Svaret ditt er lagret. Du kan endre det til det stenges for svar.",
        "Det er stengt for svar på dette scenarioet.",
        "",
        "Velg et tall fra 1 til 10.",
        "Svaret ditt er lagret. Du kan endre det til det stenges for svar.",
    ]
    assert _answers(scenario) == {(first.pk, 0): 3, (first.pk, 1): 4, (third.pk, 2): 8}
    assert not Vote.objects.filter(scenario=closed).exists()
    # A batch: three SELECTs (sessions locked, phones, scenarios) and one upsert, in a savepoint here.
    with django_assert_num_queries(6):
        outcomes = services.record_votes([_request(p, scenario, {1: 6}) for p in (first, second, third)])
    assert [o.status for o in outcomes] == [200, 200, 200]


@pytest.mark.django_db
def test_batch_unknown_session_and_scenario(exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    participant = services.join(session=exercise_session)
    outcomes = services.record_votes(
        [
            _request(participant, scenario, {0: 1}, code="XXXXXX"),
            VoteRequest(code=exercise_session.code, token=participant.token, scenario=999999, values={0: 1}),
            VoteRequest(code=exercise_session.code, token=participant.token, scenario=scenario.pk, values={}),
        ]
    )
    assert [(o.status, str(o.message)) for o in outcomes] == [
        (404, ""),
        (400, "Dette scenarioet finnes ikke."),
        (400, "Velg et tall fra 1 til 10 for minst én av dem."),
    ]


@pytest.mark.django_db
def test_batch_keeps_the_rate_limits(exercise_session, org_admin, settings):
    settings.EXERCISE_VOTE_RATE_PER_TOKEN = "3/3600"
    settings.EXERCISE_VOTE_RATE_PER_SESSION = "5/3600"
    scenario = open_current(exercise_session, org_admin)
    eager, *others = (services.join(session=exercise_session) for _ in range(4))
    outcomes = services.record_votes([_request(eager, scenario, {0: v}) for v in (1, 2, 3, 4)])
    assert [o.status for o in outcomes] == [200, 200, 200, 429]
    assert str(outcomes[3].message) == "For mange svar på kort tid. Vent litt og prøv igjen."
    assert _answers(scenario) == {(eager.pk, 0): 3}  # the refused fourth answer changed nothing
    outcomes = services.record_votes([_request(p, scenario, {1: 5}) for p in others])
    assert [o.status for o in outcomes] == [200, 200, 429]  # five votes in the session's minute


@pytest.mark.django_db
def test_same_phone_twice_in_one_batch_counts_the_later_answer(exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    participant = services.join(session=exercise_session)
    outcomes = services.record_votes(
        [_request(participant, scenario, {0: 2, 1: 2}), _request(participant, scenario, {0: 9})]
    )
    assert [o.status for o in outcomes] == [200, 200]
    assert _answers(scenario) == {(participant.pk, 0): 9, (participant.pk, 1): 2}


@pytest.mark.django_db
def test_participant_cap_and_join_limit_hold_in_one_batch(
    default_template, org_admin, organisation, settings
):
    session = services.start_session(
        by=org_admin, template=default_template, organisation=organisation, participant_cap=3
    )
    first = services.join(session=session)
    outcomes = services.join_many(
        [JoinRequest(code=session.code, token=first.token)]  # joined already: no second participant
        + [JoinRequest(code=session.code) for _ in range(3)]
        + [JoinRequest(code="XXXXXX")]
    )
    assert [(o.status, str(o.message)) for o in outcomes] == [
        (200, ""),
        (200, ""),
        (200, ""),
        (400, "Denne økta er full."),
        (404, ""),
    ]
    assert [bool(o.token) for o in outcomes] == [False, True, True, False, False]
    assert Participant.objects.filter(session=session).count() == 3
    settings.EXERCISE_JOIN_RATE_PER_SESSION = "1/3600"
    other = services.start_session(by=org_admin, template=default_template, organisation=organisation)
    outcomes = services.join_many([JoinRequest(code=other.code) for _ in range(2)])
    assert [o.status for o in outcomes] == [200, 429]
    assert str(outcomes[1].message) == "Mange blir med akkurat nå. Vent noen sekunder og prøv igjen."


@pytest.mark.django_db(transaction=True)
def test_joins_under_asgi_never_pass_the_cap(default_template, org_admin, organisation):
    session = services.start_session(
        by=org_admin, template=default_template, organisation=organisation, participant_cap=7
    )
    url = reverse("exercise:participate", args=[session.code])

    async def join_all():
        return await asyncio.gather(*(AsyncClient().post(url) for _ in range(12)))

    try:
        responses = run_in_own_loop(join_all())
    finally:
        JOINS.shutdown()
    assert [r.status_code for r in responses] == [302] * 12
    assert sum(1 for r in responses if COOKIE in r.cookies) == 7
    assert Participant.objects.filter(session=session).count() == 7


# ------------------------------------------------------------------ through the async view, under ASGI


class _JsonClient(AsyncClient):
    async def post(self, path, data=None, **extra):
        return await super().post(path, data, headers={"Accept": "application/json"}, **extra)


def _client(participant) -> AsyncClient:
    client = _JsonClient()
    client.cookies[COOKIE] = participant.token
    return client


@pytest.fixture
def _writer():
    yield
    VOTES.shutdown()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_writer")
def test_votes_under_asgi_are_batched_and_answered_one_by_one(exercise_session, org_admin, settings):
    settings.EXERCISE_VOTE_RATE_PER_TOKEN = "2/3600"
    scenario = open_current(exercise_session, org_admin)
    participants = [services.join(session=exercise_session) for _ in range(30)]
    closed = exercise_session.scenarios.get(position=1)
    url = reverse("exercise:vote", args=[exercise_session.code])
    batches_before = VOTES.batches

    async def vote_all():
        clients = [_client(p) for p in participants]
        posts = [
            c.post(url, {"scenario": scenario.pk, "relation-0": str(1 + i % 10)})
            for i, c in enumerate(clients)
        ]
        posts.append(clients[0].post(url, {"scenario": closed.pk, "relation-0": "4"}))
        posts.append(_JsonClient().post(url, {"scenario": scenario.pk, "relation-0": "4"}))  # never joined
        posts += [clients[1].post(url, {"scenario": scenario.pk, "relation-1": "7"}) for _ in range(2)]
        return await asyncio.gather(*posts)

    responses = run_in_own_loop(vote_all())
    statuses = [r.status_code for r in responses]
    assert VOTES.batches > batches_before
    assert statuses == [200] * 30 + [400, 403, 200, 429]
    assert json.loads(responses[30].content) == {
        "ok": False,
        "message": "Det er stengt for svar på dette scenarioet.",
    }
    assert json.loads(responses[31].content)["message"] == "Bli med i økta først."
    assert Vote.objects.filter(scenario=scenario, relation=0).count() == 30
    assert list(Vote.objects.filter(relation=1).values_list("participant", "value")) == [
        (participants[1].pk, 7)
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_writer")
def test_vote_under_asgi_is_answered_after_its_commit(exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    participant = services.join(session=exercise_session)
    url = reverse("exercise:vote", args=[exercise_session.code])

    async def vote_and_look():
        english = _client(participant)
        english.cookies["balanse_language"] = "en"
        response = await english.post(url, {"scenario": scenario.pk, "relation-1": "7"})
        # Another thread's connection sees only committed rows.
        rows = await asyncio.to_thread(
            lambda: list(Vote.objects.filter(participant=participant).values_list("relation", "value"))
        )
        return response, rows

    response, rows = run_in_own_loop(vote_and_look())
    assert json.loads(response.content) == {
        "ok": True,
        "message": "Your answer is saved. You can change it until voting closes.",
    }
    assert rows == [(1, 7)]


phone_votes = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(1, 10)),  # phone, relation, value
    min_size=1,
    max_size=30,
)


def test_group_commit_writes_what_arrives_together_in_one_batch():
    seen = []

    def double(items):
        seen.append(list(items))
        return [item * 2 for item in items]

    group = GroupCommit(double, name="test-double", max_batch=lambda: 4)

    async def submit_all():
        first = await group.submit(1)
        rest = await asyncio.gather(*(group.submit(n) for n in range(2, 12)))
        return [first, *rest]

    try:
        assert run_in_own_loop(submit_all()) == [n * 2 for n in range(1, 12)]
    finally:
        group.shutdown()
    assert seen == [[1], [2, 3, 4, 5], [6, 7, 8, 9], [10, 11]]


def test_group_commit_failing_batch_fails_only_the_bad_item():
    def strict(items):
        if any(item < 0 for item in items):
            raise ValueError("negative")
        return items

    group = GroupCommit(strict, name="test-strict", max_batch=lambda: 10)

    async def submit_all():
        return await asyncio.gather(*(group.submit(n) for n in (1, -1, 2)), return_exceptions=True)

    try:
        first, bad, second = run_in_own_loop(submit_all())
    finally:
        group.shutdown()
    assert (first, second) == (1, 2)
    assert isinstance(bad, ValueError)


phone_votes = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(1, 10)),  # phone, relation, value
    min_size=1,
    max_size=30,
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_writer")
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=phone_votes, batch_max=st.integers(1, 8))
def test_concurrent_votes_from_one_phone_end_as_its_last_answer(
    exercise_session, org_admin, sequence, batch_max, settings
):
    """All votes are submitted at once; the group commit splits them into batches of at most batch_max (so the
    same phone's answers land in one batch or in several); each phone's answer per relation is the one it sent
    last."""
    Vote.objects.all().delete()
    Participant.objects.all().delete()
    cache.clear()
    settings.EXERCISE_VOTE_BATCH_MAX = batch_max
    scenario = exercise_session.scenarios.get(position=0)
    if scenario.phase != "open":
        scenario = open_current(exercise_session, org_admin)
    phones = [services.join(session=exercise_session) for _ in range(4)]

    async def send_all():
        return await asyncio.gather(
            *(
                VOTES.submit(_request(phones[who], scenario, {relation: value}))
                for who, relation, value in sequence
            )
        )

    outcomes = run_in_own_loop(send_all())
    assert [o.status for o in outcomes] == [200] * len(sequence)
    last = {(phones[who].pk, relation): value for who, relation, value in sequence}
    assert _answers(scenario) == last


@pytest.mark.django_db(transaction=True)
def test_closing_a_scenario_waits_for_the_batch_being_written(exercise_session, org_admin):
    """A batch holds its sessions (FOR SHARE) until it commits, so a vote answered "saved" was written before
    the scenario closed. PostgreSQL only: SQLite serialises every write transaction anyway."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    scenario = open_current(exercise_session, org_admin)
    closing_started, closed_at, batch_done_at = threading.Event(), [], []

    def close_in_other_thread():
        closing_started.set()
        services.set_phase(session=exercise_session, scenario=scenario, phase="closed", by=org_admin)
        closed_at.append(time.monotonic())
        connection.close()

    with transaction.atomic():
        services._locked_sessions({exercise_session.code})
        closer = threading.Thread(target=close_in_other_thread)
        closer.start()
        closing_started.wait()
        time.sleep(0.5)
        assert closed_at == []  # still waiting for this batch
        batch_done_at.append(time.monotonic())
    closer.join(timeout=10)
    assert closed_at and closed_at[0] >= batch_done_at[0]
