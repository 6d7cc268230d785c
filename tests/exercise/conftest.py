import asyncio
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from balanse.exercise import services
from balanse.exercise.models import ExerciseSession, Mode


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def default_template(db):
    return services.default_template()


@pytest.fixture
def own_template(db, org_admin, organisation):
    """An organisation's own copy of an exercise, made by its admin."""
    return services.save_template(
        by=org_admin,
        template=None,
        organisation=organisation,
        data={"title": "Egen", "intro": "", "scenarios": ["A"], "relations": ["B"], "questions": []},
    )


@pytest.fixture
def exercise_session(default_template, org_admin, organisation):
    return services.start_session(by=org_admin, template=default_template, organisation=organisation)


@pytest.fixture
def self_paced_session(default_template, org_admin, organisation):
    return services.start_session(
        by=org_admin, template=default_template, organisation=organisation, mode=Mode.SELF
    )


@pytest.fixture
def past_retention(exercise_session, org_admin, default_template):
    """(old, recent): `exercise_session` with three votes, ended 31 days ago (past the 30 days' retention), and
    a recent session, still running, with one vote."""
    open_current(exercise_session, org_admin)
    vote_as_new_phones(exercise_session, exercise_session.scenarios.get(position=0), [1, 2, 3])
    recent = services.start_session(
        by=org_admin, template=default_template, organisation=exercise_session.organisation
    )
    open_current(recent, org_admin)
    vote_as_new_phones(recent, recent.scenarios.get(position=0), [7])
    services.end_session(session=exercise_session, by=org_admin)
    ExerciseSession.objects.filter(pk=exercise_session.pk).update(
        ended_at=timezone.now() - timedelta(days=31)
    )
    return exercise_session, recent


@pytest.fixture
def admin_client(client, org_admin):
    client.force_login(org_admin)
    return client


def vote_as_new_phones(session, scenario, values):
    """Each value from a phone of its own (a new participant), on the first relation."""
    for value in values:
        participant = services.join(session=session)
        services.cast_votes(participant=participant, scenario=scenario, values={0: value})


def open_current(session, by):
    scenario = session.scenarios.get(position=session.current_index)
    return services.set_phase(session=session, scenario=scenario, phase="open", by=by)


def run_in_own_loop(coroutine):
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
