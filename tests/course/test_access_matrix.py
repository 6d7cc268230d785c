"""Every URL of the online course × every role (tests.access.ROLES), GET and the POST actions.

Learners (enrolled through an organisation), any organisation's admins (to see what they invite their people
to) and the operator take a course; an organisation's admins and
the operator manage its learners and join link; only the operator edits courses and schedules the
follow-up meeting (course/rules.py). The `learner` role is enrolled in the default course."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Course, Module, Step, StepKind
from tests import access_matrix
from tests.access_matrix import Row, check_row, missing_rows, params
from tests.course.factories import CourseOfferFactory, CourseVersionFactory

pytestmark = pytest.mark.django_db
role_client = access_matrix.role_client

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64

# ROLES: anonymous, member, admin, other_admin, operator, learner
LEARNERS = ["login", 403, 200, 200, 200, 200]  # enrolled, any organisation's admin, or the operator
LEARNERS_REDIRECTED = ["login", 403, 302, 302, 302, 302]
LEARNERS_NOT_FOUND = ["login", 403, 404, 404, 404, 404]
ORG_ADMINS = ["login", 403, 200, 403, 200, 403]  # the organisation's admins and the operator
ORG_ADMINS_DONE = ["login", 403, 302, 403, 302, 403]
OPERATOR = ["login", 403, 403, 403, 200, 403]
OPERATOR_DONE = ["login", 403, 403, 403, 302, 403]
POST_ONLY = ["login", 405, 405, 405, 405, 405]
NOT_FOUND = ["login", 404, 404, 404, 404, 404]


@pytest.fixture
def objects(organisation, operator):
    course = Course.objects.get(slug="trygt-kulturliv")
    published = services.published_version(course)
    video = Step.objects.get(module__version=published, kind=StepKind.VIDEO)
    video.video_file.save("film.mp4", ContentFile(MP4))
    draft = CourseVersionFactory(course=course, by=operator)  # carries the uploaded video over
    offer = CourseOfferFactory(organisation=organisation, course=course, join_enabled=True, by=operator)
    return {
        "course": course,
        "text_key": Step.objects.filter(module__version=published, kind=StepKind.TEXT).first().key,
        "reflection_key": Step.objects.filter(module__version=published, kind=StepKind.REFLECTION)
        .first()
        .key,
        "video": video,
        "draft_module": Module.objects.filter(version=draft).first(),
        "draft_step": Step.objects.get(module__version=draft, kind=StepKind.VIDEO),
        "offer": offer,
        "organisation": organisation,
    }


def slug(o):
    return [o["course"].slug]


def org(o):
    return [o["organisation"].pk, o["course"].slug]


ROWS = [
    # Learners.
    # One course: the page goes straight to it. Everyone else sees their (empty) list.
    Row("course:my_courses", lambda o: [], ["login", 200, 200, 200, 200, 302]),
    Row("course:learner_course", slug, LEARNERS),
    Row("course:learner_course", lambda o: ["finnes-ikke"], NOT_FOUND, label="missing"),
    Row("course:step", lambda o: [*slug(o), o["text_key"]], LEARNERS),
    # A text step takes no answer: a POST to it is answered 404 (405 would describe it better).
    Row(
        "course:step",
        lambda o: [*slug(o), o["text_key"]],
        LEARNERS_NOT_FOUND,
        method="post",
        label="text step",
    ),
    # An empty reflection is shown again with the form's error.
    Row(
        "course:step", lambda o: [*slug(o), o["reflection_key"]], LEARNERS, method="post", label="reflection"
    ),
    Row(
        "course:step",
        lambda o: [*slug(o), "finnes-ikke"],
        LEARNERS_NOT_FOUND,
        label="missing",
    ),
    Row("course:captions", lambda o: [*slug(o), o["video"].key], LEARNERS),
    Row("course:video", lambda o: [*slug(o), o["video"].key], LEARNERS),
    # Not completed yet: back to the course page with a message.
    Row("course:certificate", slug, LEARNERS_REDIRECTED),
    # The join link: open to anyone who has it; a logged-in person joins with one click.
    Row("course:join", lambda o: [o["offer"].join_token], [200] * 6),
    Row("course:join", lambda o: [o["offer"].join_token], [400, 302, 302, 302, 302, 302], method="post"),
    Row("course:join", lambda o: ["feil-lenke"], [410] * 6, label="unknown link"),
    # No code asked for yet: back to the join page.
    Row("course:join_confirm", lambda o: [o["offer"].join_token], [302] * 6),
    Row("course:join_confirm", lambda o: [o["offer"].join_token], [302] * 6, method="post"),
    Row("course:join_confirm", lambda o: ["feil-lenke"], [410] * 6, label="unknown link"),
    # The invitation link: a valid one per role in test_invitation_link.py; an unknown one says it no longer works.
    Row("course:invitation_link", lambda o: ["feil-lenke"], [410] * 6, label="unknown link"),
    Row("course:invitation_link", lambda o: ["feil-lenke"], [410] * 6, method="post", label="unknown link"),
    # The organisation's admins.
    Row("course:organisation_course", org, ORG_ADMINS),
    Row("course:organisation_course", lambda o: [999999, o["course"].slug], NOT_FOUND, label="missing"),
    Row("course:invite", org, ORG_ADMINS),
    Row("course:invite", org, ORG_ADMINS, method="post", label="empty form"),
    Row("course:join_link", org, POST_ONLY),
    Row("course:join_link", org, ORG_ADMINS_DONE, method="post", data={"action": "off"}),
    # The operator.
    Row("course:operator_courses", lambda o: [], OPERATOR),
    Row("course:operator_course", slug, OPERATOR),
    Row("course:operator_start_draft", slug, POST_ONLY),
    Row("course:operator_start_draft", slug, OPERATOR_DONE, method="post"),
    Row("course:operator_publish", slug, POST_ONLY),
    Row("course:operator_publish", slug, OPERATOR_DONE, method="post"),
    Row("course:operator_module_new", slug, OPERATOR),
    Row("course:operator_module_new", slug, OPERATOR, method="post", label="empty form"),
    Row("course:operator_module", lambda o: [*slug(o), o["draft_module"].pk], OPERATOR),
    Row("course:operator_module", lambda o: [*slug(o), o["draft_module"].pk], OPERATOR, method="post"),
    Row("course:operator_step_new", lambda o: [*slug(o), o["draft_module"].pk], OPERATOR),
    Row("course:operator_step_new", lambda o: [*slug(o), o["draft_module"].pk], OPERATOR, method="post"),
    Row("course:operator_step", lambda o: [*slug(o), o["draft_step"].pk], OPERATOR),
    Row("course:operator_step", lambda o: [*slug(o), o["draft_step"].pk], OPERATOR, method="post"),
    Row("course:operator_preview", lambda o: [*slug(o), o["draft_step"].pk], OPERATOR),
    Row("course:operator_captions", lambda o: [*slug(o), o["draft_step"].pk], OPERATOR),
    Row("course:operator_video", lambda o: [*slug(o), o["draft_step"].pk], OPERATOR),
    Row("course:operator_meeting", lambda o: [*slug(o), o["organisation"].pk], OPERATOR),
    Row("course:operator_meeting", lambda o: [*slug(o), o["organisation"].pk], OPERATOR, method="post"),
]


def test_every_url_of_the_app_has_a_row():
    assert not missing_rows("course", ROWS)


@pytest.mark.parametrize("row", params(ROWS))
def test_access(role_client, objects, row):
    check_row(role_client, row, reverse(row.name, args=row.args(objects)))


@pytest.mark.parametrize("role", ["anonymous", "member", "other_admin", "learner"])
def test_refused_roles_cannot_switch_the_join_link_off(role_client, objects, role):
    role_client(role).post(reverse("course:join_link", args=org(objects)), {"action": "off"})
    objects["offer"].refresh_from_db()
    assert objects["offer"].join_enabled


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_only_the_operator_publishes(role_client, objects, role):
    role_client(role).post(reverse("course:operator_publish", args=slug(objects)))
    assert objects["course"].versions.filter(state="draft").exists()
