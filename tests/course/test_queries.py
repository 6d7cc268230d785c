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


def test_organisation_page_course_panel_is_one_query_whatever_the_number_of_courses(
    client, course, organisation, org_admin
):
    from tests.course.factories import CourseFactory

    url = reverse("organisations:detail", args=[organisation.pk])
    client.force_login(org_admin)
    add_learners_in_progress(course, organisation, 3)
    one = count_queries(client, url)
    second, third = CourseFactory(title="Andre kurs"), CourseFactory(title="Tredje kurs")
    Enrollment.objects.create(course=second, organisation=organisation, user=UserFactory(), completed_at=None)
    assert count_queries(client, url) == one
    panel = client.get(url).context["panels"]
    rows = next(p.context["rows"] for p in panel if "rows" in p.context)
    assert [(r["course"].title, r["counts"]) for r in rows] == [
        ("Andre kurs", {"invited": 1, "started": 0, "completed": 0}),
        ("Tredje kurs", {"invited": 0, "started": 0, "completed": 0}),
        (course.title, {"invited": 3, "started": 3, "completed": 0}),  # "Trygt kulturliv …": by title
    ]
    assert third.pk


@pytest.mark.parametrize("page", ["organisations:detail", "certification:organisation"])
def test_the_menus_my_course_comes_from_the_pages_own_course_query(
    client, course, organisation, org_admin, page
):
    """An admin who also takes the course sees "Mitt kurs" in the menu, one who does not, does not; the page's
    course figures answer that in the same query (no query of its own)."""
    from balanse.certification.models import Certification

    Certification.objects.get_or_create(organisation=organisation)
    url = reverse(page, args=[organisation.pk])
    client.force_login(org_admin)
    for takes_course in (False, True):
        if takes_course:
            Enrollment.objects.create(course=course, organisation=organisation, user=org_admin)
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert ("Mitt kurs" in html) is takes_course
        own_question = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].startswith('SELECT 1 AS "a" FROM "course_enrollment"')
        ]
        assert own_question == []


def test_the_organisations_course_panel_counts_its_own_learners_only():
    """The published courses with the organisation's learners (compiled once): another organisation's
    learners are not counted, and the person's own enrollment answers "is a learner"."""
    from django.utils import timezone

    from balanse.core.permissions import PermissionCacheMiddleware
    from balanse.course.models import Course
    from balanse.course.queries import is_learner, organisation_counts, published_courses_with_counts
    from tests.factories import OrganisationFactory, make_learner

    course = Course.objects.get(slug="trygt-kulturliv")
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    started, done = make_learner(ours), make_learner(ours)
    make_learner(ours)
    make_learner(theirs)
    Enrollment.objects.filter(user=started).update(started_at=timezone.now())
    Enrollment.objects.filter(user=done).update(started_at=timezone.now(), completed_at=timezone.now())
    outsider = UserFactory()

    def counts(organisation, user):
        def page(request):
            rows = published_courses_with_counts(organisation, user=user)
            with CaptureQueriesContext(connection) as ctx:
                learner = is_learner(user) if user.is_authenticated else None
            assert not ctx.captured_queries  # answered by the same query
            return [(row["course"].slug, row["counts"]) for row in rows], learner

        return PermissionCacheMiddleware(page)(None)

    assert counts(ours, started) == (
        [("trygt-kulturliv", {"invited": 3, "started": 2, "completed": 1})],
        True,
    )
    assert counts(theirs, outsider) == (
        [("trygt-kulturliv", {"invited": 1, "started": 0, "completed": 0})],
        False,
    )
    assert [row["course"] for row in published_courses_with_counts(ours)] == [course]
    counted = {"invited": 3, "started": 2, "completed": 1}
    assert organisation_counts(ours) == organisation_counts(ours, course) == counted
    assert organisation_counts(theirs, course) == {"invited": 1, "started": 0, "completed": 0}

    def with_user(user):
        def page(request):
            counts = organisation_counts(theirs, course, user=user)
            with CaptureQueriesContext(connection) as ctx:
                learner = is_learner(user)
            assert not ctx.captured_queries  # answered by the same query
            return counts, learner

        return PermissionCacheMiddleware(page)(None)

    assert with_user(started) == ({"invited": 1, "started": 0, "completed": 0}, True)
    assert with_user(outsider) == ({"invited": 1, "started": 0, "completed": 0}, False)
