"""Neither the admin's progress page nor the learner's course page runs more queries with more learners."""

import re

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


def learner_emails(html: str) -> list[str]:
    return re.findall(r'<tr><th scope="row">[^<]*</th><td>([^<]*)</td>', html)


def test_the_admins_learners_come_a_page_at_a_time_in_a_stable_order(client, course, organisation, org_admin):
    """60 learners: the first page shows 50 of them and a pager, the second the other 10, in the order of their
    names (then e-mail); the page's figures count all 60; another organisation's learners are not shown; both
    pages run as many queries as the page does with 3 learners."""
    url = reverse("course:organisation_course", args=[organisation.pk, course.slug])
    client.force_login(org_admin)
    add_learners_in_progress(course, organisation, 3)
    few = count_queries(client, url)
    for i in range(57):  # names out of order, some alike, some without a name
        UserFactory(email=f"l{i:02}@example.org", full_name="" if i % 10 == 0 else f"Navn {(i * 7) % 19:02}")
    from django.contrib.auth import get_user_model

    others = get_user_model().objects.filter(email__startswith="l", email__endswith="@example.org")
    Enrollment.objects.bulk_create(
        Enrollment(course=course, organisation=organisation, user=u) for u in others
    )
    from tests.factories import OrganisationFactory

    Enrollment.objects.create(course=course, organisation=OrganisationFactory(), user=UserFactory())
    expected = list(
        Enrollment.objects.filter(organisation=organisation, course=course)
        .order_by("user__full_name", "user__email", "pk")
        .values_list("user__email", flat=True)
    )
    assert len(expected) == 60

    first = client.get(url)
    html = first.content.decode()
    assert learner_emails(html) == expected[:50]
    assert 'data-testid="count-invited">60<' in html
    assert "?side=2" in html and first.context["page"].number == 1
    assert count_queries(client, url) == few

    second = client.get(url, {"side": 2}).content.decode()
    assert learner_emails(second) == expected[50:]
    assert "?side=1" in second
    assert count_queries(client, f"{url}?side=2") == few
    assert learner_emails(client.get(url, {"side": 3}).content.decode()) == expected[50:]  # the last page


def test_the_admins_learners_without_a_pager_when_they_fit_one_page(client, course, organisation, org_admin):
    url = reverse("course:organisation_course", args=[organisation.pk, course.slug])
    client.force_login(org_admin)
    add_learners_in_progress(course, organisation, 50)
    html = client.get(url).content.decode()
    assert len(learner_emails(html)) == 50
    assert 'class="pagination"' not in html


def test_the_operators_course_page_query_count_does_not_grow_with_steps(operator_client, course, operator):
    """The operator's page for a course: its outline (modules, steps) in two queries however many steps, with
    a draft (which also lists an empty module) as without."""
    from tests.course.factories import CourseVersionFactory

    url = reverse("course:operator_course", args=[course.slug])
    published = count_queries(operator_client, url)
    draft = CourseVersionFactory(course=course, by=operator)
    with_draft = count_queries(operator_client, url)
    assert with_draft == published + 1  # the draft's publication problems
    module = services.save_module(version=draft, by=operator, title="Tom modul", key="tom-modul", intro="")
    first = draft.modules.order_by("position", "pk").first()
    for i in range(10):
        services.save_step(
            module=first,
            by=operator,
            key=f"ekstra-{i}",
            kind="text",
            title=f"Ekstra {i}",
            body="",
            data={},
            video_file=None,
            position=100 + i,
            step=None,
        )
    assert count_queries(operator_client, url) == with_draft
    html = operator_client.get(url).content.decode()
    assert "Tom modul" in html and html.count("Ekstra ") == 30  # each step: its title, then in two links
    assert module.pk


def test_the_admins_learners_show_each_ones_status(client, course, organisation, org_admin):
    """Completed (whether or not started), started, invited: the status the query tells for each row."""
    client.force_login(org_admin)
    moment = "2026-11-01T10:00Z"
    for name, started, completed in [
        ("A Ferdig", moment, moment),
        ("B Ferdig uten start", None, moment),
        ("C I gang", moment, None),
        ("D Invitert", None, None),
    ]:
        Enrollment.objects.create(
            course=course,
            organisation=organisation,
            user=UserFactory(full_name=name),
            started_at=started,
            completed_at=completed,
        )
    html = client.get(reverse("course:organisation_course", args=[organisation.pk, course.slug])).content
    assert re.findall(r'<tr><th scope="row">([^<]*)</th><td>[^<]*</td><td>([^<]*)</td>', html.decode()) == [
        ("A Ferdig", "Fullført"),
        ("B Ferdig uten start", "Fullført"),
        ("C I gang", "Startet"),
        ("D Invitert", "Invitert"),
    ]
