"""The session and the person logged in, read in one query (balanse.core.sessions, issue 19): the account read
along is used only when the session's own data names it, and answers as the log-in backends would."""

from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balanse.core import compiled, services
from balanse.core.auth_backends import SECOND_FACTOR
from balanse.core.models import Session, User
from balanse.core.sessions import SessionStore
from tests.factories import OperatorFactory, OrganisationFactory, UserFactory, make_learner, make_org_member

pytestmark = pytest.mark.django_db

PAGE = "/konto/mine-data/"  # a page for anyone logged in


@pytest.fixture(autouse=True)
def _no_plans():
    compiled.forget()
    yield
    compiled.forget()


def test_a_logged_in_request_reads_its_session_and_account_in_one_query(client):
    person = make_org_member()
    client.force_login(person)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200 and response.wsgi_request.user == person
    first = captured.captured_queries[0]["sql"]
    assert f'FROM "{Session._meta.db_table}" LEFT OUTER JOIN "{User._meta.db_table}"' in first
    # Read along: the account, whether it takes a course, its roles (three queries of their own without).
    assert len(captured) == _queries_without_the_join(client, person) - 3


def _queries_without_the_join(client, person) -> int:
    """The same request with the account column emptied: Django's way, the session and then the account."""
    Session.objects.update(account=None)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200 and response.wsgi_request.user == person
    return len(captured)


def test_the_session_row_keeps_the_account_its_data_names(client):
    person = UserFactory()
    client.force_login(person)
    (row,) = Session.objects.all()
    assert row.account_id == person.pk
    assert row.get_decoded()[SESSION_KEY] == str(person.pk)
    client.logout()
    assert not Session.objects.filter(account=person).exists()
    anonymous = SessionStore()
    anonymous["note"] = "x"
    anonymous.save()
    assert Session.objects.get(session_key=anonymous.session_key).account_id is None


def test_an_account_column_that_names_another_person_is_never_used(client):
    """The session's data decides who is logged in: a row whose column names someone else (however it came
    to) gives the person the data names, read by its id, never the one joined."""
    person, other = UserFactory(), OperatorFactory()
    client.force_login(person)
    Session.objects.update(account=other)
    response = client.get(PAGE)
    assert response.status_code == 200 and response.wsgi_request.user == person
    assert response.wsgi_request.user.is_staff is False


def test_the_account_read_along_answers_as_the_backends(client):
    """Inactive: logged out; a changed password: logged out (Django's session hash); a second factor: said."""
    staff = OperatorFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(staff)
    response = client.get(PAGE)
    assert response.wsgi_request.user == staff and getattr(response.wsgi_request.user, SECOND_FACTOR) is True

    person = UserFactory()
    client.force_login(person)
    assert getattr(client.get(PAGE).wsgi_request.user, SECOND_FACTOR) is False
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(PAGE).status_code == 302

    person = UserFactory()
    client.force_login(person)
    person.set_password("et helt annet passord")
    User.objects.filter(pk=person.pk).update(password=person.password)
    assert client.get(PAGE).status_code == 302


def test_an_account_deleted_takes_its_sessions_and_a_dangling_one_reads_as_logged_out(client):
    person, other = UserFactory(), UserFactory()
    client.force_login(person)
    person.delete()
    assert not Session.objects.exists()
    client.force_login(other)
    User.objects.filter(pk=other.pk)._raw_delete(connection.alias)  # as raw SQL would: the row stays
    assert Session.objects.filter(account_id=other.pk).exists()
    assert client.get(PAGE).status_code == 302


def test_a_session_of_djangos_own_table_is_moved_with_its_account():
    """The migration's step: nobody is logged out, and Django's table is left empty."""
    migration = __import__("balanse.core.migrations.0008_session_with_account", fromlist=["move_sessions"])
    person = UserFactory()
    logged_in, anonymous = DjangoSessionStore(), DjangoSessionStore()
    logged_in[SESSION_KEY] = str(person.pk)
    logged_in.save()
    anonymous["cart"] = "x"
    anonymous.save()
    DjangoSession.objects.create(session_key="x" * 32, session_data="not signed", expire_date=timezone.now())
    migration.move_sessions(apps, SimpleNamespace(connection=connection))
    assert not DjangoSession.objects.exists()
    moved = {row.session_key: row for row in Session.objects.all()}
    assert moved[logged_in.session_key].account_id == person.pk
    assert moved[anonymous.session_key].account_id is None and moved["x" * 32].account_id is None
    # Read by our store as before (the same signing salt).
    assert SessionStore(logged_in.session_key).load()[SESSION_KEY] == str(person.pk)
    assert SessionStore(anonymous.session_key).load() == {"cart": "x"}


def test_a_data_download_never_holds_a_session_key(client):
    person = UserFactory()
    client.force_login(person)
    key = Session.objects.get().session_key
    data = services.personal_data(user=person)
    (section,) = [s for s in data["registers"] if s["model"] == Session._meta.label]
    assert key not in str(data)
    assert section["rows"][0]["id"] is None and "account" in section["rows"][0]


def test_whether_the_person_takes_a_course_is_read_with_the_session(client):
    """The menu's "My course" (course.queries.is_learner) from the session's query, not one of its own; and
    right from the next request after the person is enrolled or their enrolment is gone."""
    from balanse.course.models import Course, Enrollment

    my_courses = reverse("course:my_courses")
    learner = make_learner()
    client.force_login(learner)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert f'href="{my_courses}"' in response.content.decode()
    enrolment_reads = [q["sql"] for q in captured.captured_queries if '"course_enrollment"' in q["sql"]]
    assert all(f'FROM "{Session._meta.db_table}"' in sql for sql in enrolment_reads)
    Enrollment.objects.filter(user=learner).delete()
    assert f'href="{my_courses}"' not in client.get(PAGE).content.decode()

    person = UserFactory()
    client.force_login(person)
    assert f'href="{my_courses}"' not in client.get(PAGE).content.decode()
    Enrollment.objects.create(
        course=Course.objects.get(slug="trygt-kulturliv"), organisation=OrganisationFactory(), user=person
    )
    assert f'href="{my_courses}"' in client.get(PAGE).content.decode()


def test_the_persons_roles_are_read_with_the_session(client):
    """The roles (organisations.queries.roles_of) from the session's query, whatever their number; a change
    counts from the next request."""
    from balanse.organisations.models import Membership, Role
    from balanse.organisations.queries import roles_of

    person = make_org_member()
    first = Membership.objects.get(user=person)
    others = [OrganisationFactory() for _ in range(3)]
    for organisation in others[:2]:
        Membership.objects.create(user=person, organisation=organisation, role=Role.ADMIN)
    client.force_login(person)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    user = response.wsgi_request.user
    assert roles_of(user) == {
        first.organisation_id: Role.MEMBER,
        others[0].pk: Role.ADMIN,
        others[1].pk: Role.ADMIN,
    }
    membership_reads = [
        q["sql"] for q in captured.captured_queries if '"organisations_membership"' in q["sql"]
    ]
    assert membership_reads and all(f'FROM "{Session._meta.db_table}"' in sql for sql in membership_reads)

    Membership.objects.filter(user=person).exclude(pk=first.pk).delete()
    page = client.get(reverse("organisations:detail", args=[others[0].pk]))
    assert page.status_code in (403, 404)
    assert roles_of(page.wsgi_request.user) == {first.organisation_id: Role.MEMBER}
    Membership.objects.filter(user=person).delete()
    assert roles_of(client.get(PAGE).wsgi_request.user) == {}
