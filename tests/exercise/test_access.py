"""Every facilitator view: anonymous → log-in, a member or another organisation's admin → 403, the
organisation's admin and operators → 200. Participant views need no account."""

import pytest
from django.test import Client
from django.urls import reverse

from balanse.exercise.models import ExerciseSession

pytestmark = pytest.mark.django_db

SESSION_VIEWS = [
    "screen",
    "screen_live",
    "presenter",
    "presenter_live",
    "end",
    "summary",
    "export_csv",
    "export_xlsx",
    "export_pdf",
]


@pytest.mark.parametrize("name", SESSION_VIEWS)
def test_session_views_anonymous_redirects_to_login(client, exercise_session, name):
    response = client.get(reverse(f"exercise:{name}", args=[exercise_session.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("name", SESSION_VIEWS)
def test_session_views_other_admin_member_and_learner_forbidden(
    client, exercise_session, other_admin, org_member, org_learner, name
):
    for user in (other_admin, org_member, org_learner):
        client.force_login(user)
        assert client.get(reverse(f"exercise:{name}", args=[exercise_session.pk])).status_code == 403


@pytest.mark.parametrize("name", SESSION_VIEWS)
def test_session_views_admin_and_operator_allowed(operator_client, exercise_session, org_admin, name):
    admin = Client()
    admin.force_login(org_admin)
    assert admin.get(reverse(f"exercise:{name}", args=[exercise_session.pk])).status_code == 200
    assert operator_client.get(reverse(f"exercise:{name}", args=[exercise_session.pk])).status_code == 200


def test_control_other_admin_forbidden(client, exercise_session, other_admin):
    client.force_login(other_admin)
    response = client.post(reverse("exercise:control", args=[exercise_session.pk]), {"action": "open"})
    assert response.status_code == 403
    assert exercise_session.scenarios.get(position=0).phase == "pending"


def test_facilitate_page_access(operator_client, org_admin, org_member, org_learner):
    url = reverse("exercise:facilitate")
    assert operator_client.get(url).status_code == 200
    client = Client()
    assert client.get(url).status_code == 302
    client.force_login(org_member)
    assert client.get(url).status_code == 403
    client.force_login(org_learner)
    assert client.get(url).status_code == 403
    client.force_login(org_admin)
    assert client.get(url).status_code == 200


def test_template_create_access(client, org_member, org_admin, org_learner):
    url = reverse("exercise:template_create")
    assert client.get(url).status_code == 302
    for user in (org_member, org_learner):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(org_admin)
    assert client.get(url).status_code == 200


def test_template_edit_other_admin_forbidden(client, org_admin, other_admin, own_template):
    template = own_template
    client.force_login(other_admin)
    assert client.get(reverse("exercise:template_edit", args=[template.pk])).status_code == 403
    client.force_login(org_admin)
    assert client.get(reverse("exercise:template_edit", args=[template.pk])).status_code == 200


def test_other_admin_cannot_start_from_foreign_template(client, other_admin, own_template):
    template = own_template
    client.force_login(other_admin)
    other_org = other_admin.memberships.get().organisation
    response = client.post(
        reverse("exercise:start"),
        {"template": template.pk, "organisation": other_org.name, "mode": "presenter"},
    )
    assert response.status_code == 400
    assert ExerciseSession.objects.count() == 0


def test_participant_pages_need_no_account(client, exercise_session):
    assert client.get(reverse("exercise:join")).status_code == 200
    assert client.get(reverse("exercise:participate", args=[exercise_session.code])).status_code == 200
    assert client.get(reverse("exercise:participate", args=["XXXXXX"])).status_code == 404


def test_participant_stream_requires_joining(client, exercise_session):
    response = client.get(reverse("exercise:participant_stream", args=[exercise_session.code]))
    assert response.status_code == 403


def test_participant_stream_under_wsgi_sends_state_and_retry(client, exercise_session):
    client.post(reverse("exercise:participate", args=[exercise_session.code]))
    response = client.get(reverse("exercise:participant_stream", args=[exercise_session.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    body = response.content.decode()
    assert body.startswith('retry: 1000\n\nid: 0\nevent: state\ndata: {"type": "state", "version": 0,')
    assert '"phase": "pending"' in body


def test_participant_stream_says_hello_when_the_phone_has_the_current_version(client, exercise_session):
    client.post(reverse("exercise:participate", args=[exercise_session.code]))
    url = reverse("exercise:participant_stream", args=[exercise_session.code])
    assert "event: hello\n" in client.get(url + "?v=0").content.decode()
    assert "event: hello\n" in client.get(url, headers={"Last-Event-ID": "0"}).content.decode()
    assert "event: state\n" in client.get(url, headers={"Last-Event-ID": "3"}).content.decode()


def test_participant_live_query_count(client, exercise_session, django_assert_num_queries):
    client.post(reverse("exercise:participate", args=[exercise_session.code]))
    with django_assert_num_queries(4):
        client.get(reverse("exercise:participant_live", args=[exercise_session.code]))


def test_vote_query_count(client, exercise_session, org_admin, django_assert_num_queries):
    from tests.exercise.conftest import open_current

    client.post(reverse("exercise:participate", args=[exercise_session.code]))
    scenario = open_current(exercise_session, org_admin)
    url = reverse("exercise:vote", args=[exercise_session.code])
    # Sessions (locked), phones and scenarios in three light SELECTs, then the upsert (INSERT … ON CONFLICT),
    # in a SAVEPOINT … RELEASE here (the test's transaction); the same for a batch of any size.
    with django_assert_num_queries(6):
        response = client.post(
            url,
            {"scenario": scenario.pk, "relation-0": "2", "relation-1": "5"},
            HTTP_ACCEPT="application/json",
        )
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_end_other_admin_member_and_learner_forbidden(
    client, exercise_session, other_admin, org_member, org_learner, method
):
    for user in (other_admin, org_member, org_learner):
        client.force_login(user)
        response = getattr(client, method)(reverse("exercise:end", args=[exercise_session.pk]))
        assert response.status_code == 403
    exercise_session.refresh_from_db()
    assert exercise_session.is_running


def test_facilitate_page_shows_each_person_their_own_as_the_querysets_give(
    operator_client, org_admin, other_admin, organisation, default_template, own_template
):
    """The start page reads its lists from compiled SQL (exercise.queries) and gives the start form those rows
    as its choices: the same exercises, organisations and sessions as the querysets that still validate a choice,
    the same select as Django's own from them, for an admin of two organisations, another admin and the
    operator."""
    from balanse.core import compiled
    from balanse.exercise import queries, services
    from balanse.exercise.forms import StartSessionForm
    from balanse.organisations.models import Organisation, Role
    from tests.exercise.factories import ExerciseSessionFactory, ExerciseTemplateFactory

    compiled.forget()
    second = Organisation.objects.create(name="Annen scene")
    second.memberships.create(user=org_admin, role=Role.ADMIN)
    ExerciseTemplateFactory(organisation=second, by=org_admin, title="Andre")
    ExerciseTemplateFactory(title="Fremmed")  # another organisation's own exercise
    mine = services.start_session(by=org_admin, template=own_template, organisation=organisation)
    ExerciseSessionFactory()  # another organisation's session
    for user, client in ((org_admin, Client()), (other_admin, Client()), (None, operator_client)):
        if user is not None:
            client.force_login(user)
        response = client.get(reverse("exercise:facilitate"))
        assert response.status_code == 200
        person = response.wsgi_request.user
        expected_templates = list(queries.usable_templates(person))
        assert response.context["templates"] == expected_templates
        assert [t.organisation for t in response.context["templates"]] == [
            t.organisation for t in expected_templates
        ]
        assert response.context["sessions"] == list(ExerciseSession.objects.for_user(person)[:50])
        django_own = StartSessionForm(
            templates=queries.usable_templates(person),
            organisations=queries.admin_organisations(person),
            organisation_required=user is not None,
            search_organisation=user is None,
        )
        form = response.context["form"]
        assert str(form["template"]) == str(django_own["template"])
        assert str(form["organisation"]) == str(django_own["organisation"])
    admin_titles = [t.title for t in queries.usable_template_rows(org_admin)]
    assert (
        "Andre" in admin_titles and "Fremmed" not in admin_titles and default_template.title in admin_titles
    )
    assert mine in queries.recent_sessions(org_admin) and mine not in queries.recent_sessions(other_admin)
