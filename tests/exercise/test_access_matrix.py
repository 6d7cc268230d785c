"""Every URL of the live exercise × every role (tests.access.ROLES), GET and the POST actions.

Participants need no account (anyone with the code); facilitating is for operators and organisation
administrators, and a session or an own exercise only for the administrators of its organisation and the
operators (exercise/rules.py)."""

import pytest
from django.urls import reverse

from balanse.exercise import services
from balanse.exercise.models import ExerciseSession, Mode
from tests import access_matrix
from tests.access_matrix import Row, check_row, missing_rows, params
from tests.exercise.factories import ExerciseSessionFactory, ExerciseTemplateFactory

pytestmark = pytest.mark.django_db
role_client = access_matrix.role_client

# ROLES: anonymous, member, admin, other_admin, operator, learner
EVERYONE = [200] * 6
EVERYONE_REDIRECTED = [302] * 6
FACILITATORS = ["login", 403, 200, 200, 200, 403]  # any organisation's admin, and the operator
OWN_SESSION = ["login", 403, 200, 403, 200, 403]  # the session's organisation's admins, and the operator
OWN_SESSION_DONE = ["login", 403, 302, 403, 302, 403]
POST_ONLY = ["login", 405, 405, 405, 405, 405]
NOT_FOUND = ["login", 404, 404, 404, 404, 404]


@pytest.fixture
def objects(organisation, org_admin):
    template = ExerciseTemplateFactory(organisation=organisation, by=org_admin)
    session = ExerciseSessionFactory(template=template, by=org_admin, mode=Mode.PRESENTER)
    ended = ExerciseSessionFactory(template=template, by=org_admin)
    services.end_session(session=ended, by=org_admin)
    return {"template": template, "default": services.default_template(), "session": session, "ended": ended}


def code(key):
    return lambda o: [o[key].code]


def pk(key):
    return lambda o: [o[key].pk]


ROWS = [
    # Participants: no account needed.
    Row("exercise:join", lambda o: [], EVERYONE),
    Row("exercise:join", lambda o: [], EVERYONE, method="post", data={"code": "AAAAAA"}, label="wrong code"),
    Row("exercise:participate", code("session"), EVERYONE),
    Row("exercise:participate", lambda o: ["XXXXXX"], [404] * 6, label="missing"),
    Row("exercise:participate", code("session"), EVERYONE_REDIRECTED, method="post", label="joins"),
    Row("exercise:participate", code("ended"), EVERYONE_REDIRECTED, method="post", label="ended"),
    Row("exercise:participant_live", code("session"), EVERYONE),
    Row("exercise:participant_live", code("session"), [405] * 6, method="post"),
    # Not joined: the vote is refused with a message on the participant page.
    Row("exercise:vote", code("session"), EVERYONE_REDIRECTED, method="post", label="not joined"),
    Row("exercise:vote", lambda o: ["XXXXXX"], [404] * 6, method="post", label="missing"),
    Row("exercise:vote", code("session"), [405] * 6),
    # The live stream is for joined phones while the session runs.
    Row("exercise:participant_stream", code("session"), [403] * 6, label="not joined"),
    Row("exercise:participant_stream", lambda o: ["XXXXXX"], [404] * 6, label="missing"),
    # Facilitators.
    Row("exercise:facilitate", lambda o: [], FACILITATORS),
    Row("exercise:start", lambda o: [], POST_ONLY),
    Row(
        "exercise:start",
        lambda o: [],
        # Another organisation's admin may not start from this organisation's exercise nor for it.
        ["login", 403, 302, 400, 302, 403],
        method="post",
        label="own exercise",
        data={"template": "{template}", "organisation": "{organisation}", "mode": "presenter"},
    ),
    Row("exercise:template_create", lambda o: [], FACILITATORS),
    Row("exercise:template_create", lambda o: [], FACILITATORS, method="post", label="empty form"),
    Row("exercise:template_edit", pk("template"), OWN_SESSION, label="own"),
    Row("exercise:template_edit", pk("template"), OWN_SESSION, method="post", label="own, empty form"),
    # The default exercise is never edited (a copy is made instead).
    Row("exercise:template_edit", pk("default"), ["login", 403, 403, 403, 403, 403], label="default"),
    Row(
        "exercise:template_edit",
        pk("default"),
        ["login", 403, 403, 403, 403, 403],
        method="post",
        label="default",
    ),
    Row("exercise:template_edit", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("exercise:screen", pk("session"), OWN_SESSION),
    Row("exercise:screen", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("exercise:screen_live", pk("session"), OWN_SESSION),
    # The presenter view for the projector, and its live part (an htmx partial, not a stream).
    Row("exercise:presenter", pk("session"), OWN_SESSION),
    Row("exercise:presenter", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("exercise:presenter_live", pk("session"), OWN_SESSION),
    Row("exercise:presenter_live", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("exercise:control", pk("session"), POST_ONLY),
    Row("exercise:control", pk("session"), OWN_SESSION_DONE, method="post", data={"action": "open"}),
    Row(
        "exercise:control",
        pk("session"),
        OWN_SESSION_DONE,
        method="post",
        data={"action": "end"},
        label="end",
    ),
    # Ending asks first (GET); the POST ends the session, for good.
    Row("exercise:end", pk("session"), OWN_SESSION),
    Row("exercise:end", pk("session"), OWN_SESSION_DONE, method="post"),
    # Already ended: back to the summary.
    Row("exercise:end", pk("ended"), OWN_SESSION_DONE, label="ended"),
    Row("exercise:end", pk("ended"), OWN_SESSION_DONE, method="post", label="ended"),
    Row("exercise:end", lambda o: [999999], NOT_FOUND, method="post", label="missing"),
    # The screen's stream answers 403 rather than a log-in redirect (it is fetched by EventSource).
    Row("exercise:screen_stream", pk("session"), [403, 403, 200, 403, 200, 403]),
    Row("exercise:summary", pk("ended"), OWN_SESSION),
    Row("exercise:export_csv", pk("ended"), OWN_SESSION),
    Row("exercise:export_xlsx", pk("ended"), OWN_SESSION),
    Row("exercise:export_pdf", pk("ended"), OWN_SESSION),
]


def test_every_url_of_the_app_has_a_row():
    assert not missing_rows("exercise", ROWS)


def fill(data: dict, objects: dict, organisation) -> dict:
    values = {"template": objects["template"].pk, "organisation": organisation.name}
    return {key: value.format(**values) if isinstance(value, str) else value for key, value in data.items()}


@pytest.mark.parametrize("row", params(ROWS))
def test_access(role_client, objects, organisation, row):
    url = reverse(row.name, args=row.args(objects))
    check_row(role_client, row, url, fill(row.data, objects, organisation))


@pytest.mark.parametrize("role", ["anonymous", "member", "other_admin", "learner"])
def test_refused_roles_cannot_steer_or_end_a_session(role_client, objects, role):
    session = objects["session"]
    for action in ("open", "end"):
        role_client(role).post(reverse("exercise:control", args=[session.pk]), {"action": action})
    role_client(role).post(reverse("exercise:end", args=[session.pk]))
    session = ExerciseSession.objects.get(pk=session.pk)
    assert session.is_running
    assert session.scenarios.get(position=0).phase == "pending"


def test_the_admin_can_end_a_session(role_client, objects):
    """The allowed POST above really ends the session (its 302 is not a refusal with a message)."""
    session = objects["session"]
    response = role_client("admin").post(reverse("exercise:end", args=[session.pk]))
    assert response.url == reverse("exercise:summary", args=[session.pk])
    assert not ExerciseSession.objects.get(pk=session.pk).is_running
