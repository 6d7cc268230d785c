"""Saving a session (balanse.core.sessions, issue 19): Django's contract (insert or update, CreateError and
UpdateError, the data, expiry and account written), with an update outside a transaction sent as one statement,
and inside one Django's way, so that its failure leaves the transaction usable."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import connection, transaction
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balanse.core.models import Session
from balanse.core.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # outside a transaction, as a request is


def _saved(**data) -> SessionStore:
    store = SessionStore()
    store.update(data)
    store.save()
    return store


def _statements(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def test_an_update_is_one_statement_that_writes_the_data_the_expiry_and_the_account():
    person = UserFactory()
    store = _saved(note="første")
    store[SESSION_KEY] = str(person.pk)
    store["note"] = "andre"
    store.set_expiry(timedelta(days=3))
    with CaptureQueriesContext(connection) as captured:
        store.save()
    (statement,) = _statements(captured)
    assert statement.startswith("UPDATE")
    row = Session.objects.get(session_key=store.session_key)
    assert row.account_id == person.pk
    assert abs(row.expire_date - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    assert SessionStore(store.session_key)["note"] == "andre"

    store.flush()  # logged out: a new key, no account
    store["note"] = "tredje"
    store.save()
    assert Session.objects.get(session_key=store.session_key).account_id is None


def test_djangos_errors_for_a_key_taken_and_a_row_gone():
    store = _saved(note="x")
    again = SessionStore(store.session_key)
    again["note"] = "y"
    with pytest.raises(CreateError):
        again.save(must_create=True)
    Session.objects.filter(session_key=store.session_key).delete()
    store["note"] = "z"
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()


def test_inside_a_transaction_a_failed_save_leaves_it_usable():
    store = _saved(note="x")
    Session.objects.filter(session_key=store.session_key).delete()
    with transaction.atomic():
        person = UserFactory()
        store["note"] = "y"
        with pytest.raises(UpdateError):
            store.save()
        taken = _saved(note="z")
        duplicate = SessionStore(taken.session_key)
        duplicate["note"] = "w"
        with pytest.raises(CreateError):
            duplicate.save(must_create=True)
        person.first_name = "Etter"
        person.save()  # the transaction goes on
    person.refresh_from_db()
    assert person.first_name == "Etter" and SessionStore(taken.session_key)["note"] == "z"


def test_the_async_save_writes_the_same_row():
    store = _saved(note="x")
    store["note"] = "asynkron"
    async_to_sync(store.asave)()
    assert SessionStore(store.session_key)["note"] == "asynkron"


def test_nothing_listens_to_the_sessions_model():
    """The update is written without the model's save, hence without its signals."""
    assert not pre_save.has_listeners(Session) and not post_save.has_listeners(Session)
