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
