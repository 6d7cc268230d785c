import asyncio
import threading

import pytest

from balanse.exercise import services
from balanse.exercise.models import Mode


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
def exercise_session(default_template, org_admin, organisation):
    return services.start_session(by=org_admin, template=default_template, organisation=organisation)


@pytest.fixture
def self_paced_session(default_template, org_admin, organisation):
    return services.start_session(
        by=org_admin, template=default_template, organisation=organisation, mode=Mode.SELF
    )


@pytest.fixture
def admin_client(client, org_admin):
    client.force_login(org_admin)
    return client


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
