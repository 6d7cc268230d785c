"""Neither the admin's progress page nor the learner's course page runs more queries with more learners."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Enrollment, Step, StepCompletion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def add_learners_in_progress(course, organisation, n: int, start: int = 0):
    version = services.published_version(course)
    keys = list(Step.objects.filter(module__version=version).values_list("key", flat=True))
    users = [UserFactory(email=f"q{start + i}@example.org") for i in range(n)]
    Enrollment.objects.bulk_create(
        Enrollment(course=course, organisation=organisation, user=u, started_at="2026-11-01T10:00Z")
        for u in users
    )
    StepCompletion.objects.bulk_create(
        StepCompletion(user=u, course=course, step_key=k)
        for i, u in enumerate(users)
        for k in keys[: 1 + i % 5]
    )
    return users


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_admin_progress_page_query_count_does_not_grow(client, course, organisation, org_admin):
    url = reverse("course:organisation_course", args=[organisation.pk, course.slug])
    client.force_login(org_admin)
    add_learners_in_progress(course, organisation, 5)
    few = count_queries(client, url)
    add_learners_in_progress(course, organisation, 45, start=5)
    many = count_queries(client, url)
    assert few == many
    assert client.get(url).content.decode().count("<tr>") == 51  # header + 50 learners


def test_learner_course_page_query_count_does_not_grow(client, course, organisation, learner):
    url = reverse("course:learner_course", args=[course.slug])
    step_url = reverse("course:step", args=[course.slug, "quiz-risiko"])
    client.force_login(learner)
    add_learners_in_progress(course, organisation, 5)
    few, few_step = count_queries(client, url), count_queries(client, step_url)
    add_learners_in_progress(course, organisation, 45, start=5)
    assert (count_queries(client, url), count_queries(client, step_url)) == (few, few_step)
