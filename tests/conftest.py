import os

import pytest

os.environ.setdefault("DJANGO_ENV", "test")


DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _default_content(request):
    """Every test that uses the database starts with the default content (art fields, advice contacts…)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not DB_FIXTURES & names:
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("load_content", stdout=devnull)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (LANGUAGE_CODE), as a process does: a test client's request
    activates its language for the thread and nothing switches it back, so an English page in one test would
    otherwise make the next test in the same worker English outside its requests."""
    from django.utils import translation

    translation.deactivate()
    yield


@pytest.fixture(autouse=True)
def _isolated_var(tmp_path, settings):
    """E-mails written by the outbox backend and other files go to a temporary folder."""
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def operator(db):
    from tests.factories import OperatorFactory

    return OperatorFactory()


@pytest.fixture
def operator_client(client, operator):
    """A logged-in operator who has set up a second factor."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(operator, generate_totp_secret())
    client.force_login(operator)
    return client


@pytest.fixture
def organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def org_admin(organisation):
    from tests.factories import make_org_admin

    return make_org_admin(organisation)


@pytest.fixture
def org_member(organisation):
    from tests.factories import make_org_member

    return make_org_member(organisation)


@pytest.fixture
def other_admin(db):
    """An admin of another organisation."""
    from tests.factories import make_org_admin

    return make_org_admin()


@pytest.fixture
def org_learner(organisation):
    """A learner in the organisation's course (not a member of the organisation)."""
    from tests.factories import make_learner

    return make_learner(organisation)


@pytest.fixture
def client_for(request, client, organisation, org_admin, org_member, other_admin, operator):
    """client_for(role) → a test client logged in as that role (staff with a second factor). The learner
    is made only when asked for, so that other tests' course figures do not count them."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(operator, generate_totp_secret())
    users = {"member": org_member, "admin": org_admin, "other_admin": other_admin, "operator": operator}

    def _client_for(role: str):
        client.logout()
        if role == "learner":
            client.force_login(request.getfixturevalue("org_learner"))
        elif role != "anonymous":
            client.force_login(users[role])
        return client

    return _client_for


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none left by an earlier test in the same
    worker (a test that posts a form many times would otherwise make a later one see 429)."""
    yield
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):  # never flush a Redis someone else may share
            cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _close_connection_pools(django_db_setup, django_db_blocker):
    """With PostgreSQL the site uses Django's connection pool; close it before the test databases are
    dropped, or the drop finds the pool's idle connections still open (pytest only warns, and the database is
    left behind)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if getattr(connection, "pool", None) is not None:
                connection.close_pool()
        # A thread that outlives its test keeps the connection it borrowed (asgiref's shared executor runs async
        # code called outside a request; asyncio's default executor), and the pool cannot close a connection
        # that was never given back. Nothing uses them any more: end their sessions, so the drop can go on.
        default = connections["default"]
        if default.vendor == "postgresql":
            with default._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [default.settings_dict["NAME"]],
                )
