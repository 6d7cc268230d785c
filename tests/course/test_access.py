import pytest
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Step
from tests.factories import make_org_member

pytestmark = pytest.mark.django_db


def learner_urls(course):
    return [
        reverse("course:my_courses"),
        reverse("course:learner_course", args=[course.slug]),
        reverse("course:step", args=[course.slug, "definisjonen"]),
        reverse("course:captions", args=[course.slug, "film-risikofaktorer"]),
    ]


def org_urls(course, organisation):
    return [
        reverse("course:organisation_course", args=[organisation.pk, course.slug]),
        reverse("course:invite", args=[organisation.pk, course.slug]),
    ]


def operator_urls(course, organisation):
    step = Step.objects.filter(module__version__course=course).first()
    return [
        reverse("course:operator_courses"),
        reverse("course:operator_course", args=[course.slug]),
        reverse("course:operator_preview", args=[course.slug, step.pk]),
        reverse("course:operator_meeting", args=[course.slug, organisation.pk]),
    ]


def test_anonymous_is_sent_to_log_in(client, course, organisation):
    for url in (
        learner_urls(course)[1:] + org_urls(course, organisation) + operator_urls(course, organisation)
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/login/"), url


def test_learner_pages_for_enrolled_learner_only(client, course, learner, organisation):
    stranger = make_org_member(organisation)  # member of the organisation, but not invited to the course
    client.force_login(stranger)
    for url in learner_urls(course)[1:]:
        assert client.get(url).status_code == 403, url
    client.force_login(learner)
    my_courses, course_page, step, captions = learner_urls(course)
    response = client.get(my_courses)  # the learner has one course: straight to it
    assert (response.status_code, response["Location"]) == (302, course_page)
    response = client.get(course_page)
    assert response.status_code == 200
    assert response.context["course"] == course
    response = client.get(step)
    assert response.status_code == 200
    assert response.context["step"].key == "definisjonen"
    response = client.get(captions)
    assert (response.status_code, response["Content-Type"]) == (200, "text/vtt; charset=utf-8")
    assert response.content.decode().startswith("WEBVTT")


def test_organisation_pages_for_its_admin_and_operator_only(
    operator_client, course, organisation, org_admin, org_member, other_admin
):
    for url in org_urls(course, organisation):
        assert operator_client.get(url).status_code == 200, url
    client = operator_client
    for user in (org_member, other_admin):
        client.force_login(user)
        for url in org_urls(course, organisation):
            assert client.get(url).status_code == 403, url
    client.force_login(org_admin)
    for url in org_urls(course, organisation):
        assert client.get(url).status_code == 200, url


def test_learner_opens_neither_organisation_nor_operator_pages(client, course, organisation, learner):
    client.force_login(learner)
    for url in org_urls(course, organisation) + operator_urls(course, organisation):
        assert client.get(url).status_code == 403, url
    join_link = reverse("course:join_link", args=[organisation.pk, course.slug])
    assert client.post(join_link, {"action": "on"}).status_code == 403


def test_operator_pages_for_operator_only(operator_client, course, organisation, org_admin):
    for url in operator_urls(course, organisation):
        assert operator_client.get(url).status_code == 200, url
    operator_client.force_login(org_admin)
    for url in operator_urls(course, organisation):
        assert operator_client.get(url).status_code == 403, url


def test_organisation_page_shows_course_panel_to_admin(client, course, organisation, org_admin, learner):
    client.force_login(org_admin)
    page = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert "1 invitert, 0 begynt, 0 fullført" in page
    assert reverse("course:organisation_course", args=[organisation.pk, course.slug]) in page


def test_nav_item_for_learner(client, learner, course):
    client.force_login(learner)
    page = client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert f'href="{reverse("course:my_courses")}" aria-current="page">Mitt kurs' in page


def test_unpublished_course_is_not_found_for_learners(client, learner, course, operator):
    services.get_or_create_draft(course=course, by=operator)
    course.versions.filter(state="published").update(state="retired")
    client.force_login(learner)
    assert client.get(reverse("course:learner_course", args=[course.slug])).status_code == 404
