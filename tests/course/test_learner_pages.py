"""The learner's course page and step page read what they show with queries compiled once (issue 19): the
same steps, modules, progress, meetings and permissions as the ORM gives, in both languages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.course import queries, services
from balanse.course.models import Step
from tests.course.conftest import step_url
from tests.course.factories import CourseFactory, CourseOfferFactory, EnrollmentFactory
from tests.factories import OrganisationFactory, UserFactory, make_org_admin

pytestmark = pytest.mark.django_db

STEP_ITEM = re.compile(
    r'<li><a class="ds-link" href="([^"]+)">([^<]+)</a>\s*<span class="course-step-kind">\(([^)]+)\)</span></li>'
)


def course_url(course):
    return reverse("course:learner_course", args=[course.slug])


def test_version_steps_are_the_orms_steps_in_order_with_their_modules(course):
    version = services.published_version(course)
    expected = list(
        Step.objects.filter(module__version=version)
        .select_related("module")
        .order_by("module__position", "position", "pk")
    )
    steps = queries.version_steps(version)
    assert [(s.pk, s.key, s.kind, s.title, s.body, s.data, s.video_file.name) for s in steps] == [
        (s.pk, s.key, s.kind, s.title, s.body, s.data, s.video_file.name) for s in expected
    ]
    assert [
        (s.module.pk, s.module.key, s.module.title, s.module.intro, s.module.version_id) for s in steps
    ] == [(s.module.pk, s.module.key, s.module.title, s.module.intro, s.module.version_id) for s in expected]
    assert len(steps) == 15 and len({s.module.pk for s in steps}) == 5
    # One instance per module, shared by its steps.
    assert len({id(s.module) for s in steps}) == 5


def test_course_page_lists_every_step_with_its_link_kind_and_progress(learner_client, course):
    assert learner_client.get(step_url(course, "definisjonen")).status_code == 200  # a text step: done
    page = learner_client.get(course_url(course)).content.decode()
    items = STEP_ITEM.findall(page)
    assert len(items) == 15
    assert items[:3] == [
        (step_url(course, "definisjonen"), "Definisjonen i loven", "Tekst, fullført"),
        (step_url(course, "quiz-definisjon"), "Sjekk forståelsen", "Quiz"),
        (step_url(course, "refleksjon-grenser"), "Dine egne grenser", "Refleksjon"),
    ]
    assert {kind for _url, _title, kind in items} == {
        "Tekst",
        "Tekst, fullført",
        "Video",
        "Quiz",
        "Refleksjon",
        "Case",
    }
    # The button goes to the first step not done.
    assert f'href="{step_url(course, "quiz-definisjon")}">Fortsett der du slapp' in page


def test_course_page_names_the_kinds_in_english(learner_client, course):
    learner_client.cookies["balanse_language"] = "en"
    page = learner_client.get(course_url(course)).content.decode()
    assert {kind for _url, _title, kind in STEP_ITEM.findall(page)} == {
        "Text",
        "Video",
        "Quiz",
        "Reflection",
        "Case",
    }
    assert f'href="{step_url(course, "definisjonen")}">Start the course' in page


def test_step_page_links_to_the_steps_before_and_after(learner_client, course):
    page = learner_client.get(step_url(course, "quiz-definisjon")).content.decode()
    assert f'href="{step_url(course, "definisjonen")}">Forrige' in page
    assert f'href="{step_url(course, "refleksjon-grenser")}">Neste' in page
    video = learner_client.get(step_url(course, "film-risikofaktorer")).content.decode()
    assert f'id="transcript" data-complete-url="{step_url(course, "film-risikofaktorer")}"' in video


def test_meetings_of_the_learners_organisations_only_each_once(course, organisation, learner, operator):
    other_course = CourseFactory(title="Andre kurs")
    # The learner is in `organisation` twice over (two courses): its meeting is shown once.
    EnrollmentFactory(organisation=organisation, course=other_course, user=learner)
    elsewhere = OrganisationFactory(name="Et annet teater")
    for org in (organisation, elsewhere):
        services.schedule_meeting(
            offer=CourseOfferFactory(organisation=org, course=course, by=operator),
            by=operator,
            meeting_at="2026-12-03T10:00Z",
            meeting_link=f"https://møte.example/{org.pk}",
        )
    # A meeting about another course is not this course's.
    services.schedule_meeting(
        offer=services.get_offer(organisation=organisation, course=other_course),
        by=operator,
        meeting_at="2026-12-04T10:00Z",
        meeting_link="https://møte.example/annet",
    )
    offers = queries.meeting_offers(learner, course)
    assert [(o.organisation.name, o.meeting_link) for o in offers] == [
        (organisation.name, f"https://møte.example/{organisation.pk}")
    ]
    from django.test import Client

    client = Client()
    client.force_login(learner)
    page = client.get(course_url(course)).content.decode()
    assert page.count("Oppfølgingsmøte med Balansekunst") == 1
    assert f"{organisation.name} møtes" in page
    assert elsewhere.name not in page


def test_learner_of_another_course_may_not_take_this_one(client, course):
    other = CourseFactory(title="Andre kurs")
    person = EnrollmentFactory(course=other).user
    client.force_login(person)
    assert client.get(course_url(course)).status_code == 403
    assert client.get(step_url(course, "definisjonen")).status_code == 403
    assert client.get(course_url(other)).status_code == 200


def test_admin_of_any_organisation_may_take_a_course_unenrolled(client, course):
    admin = make_org_admin(OrganisationFactory(name="Et tredje teater"))
    client.force_login(admin)
    assert client.get(course_url(course)).status_code == 200
    client.force_login(UserFactory())
    assert client.get(course_url(course)).status_code == 403


def test_learners_courses_are_read_once_for_the_page_and_the_menu(learner_client, course):
    """The permission to take the course and the menu's "My course" share one query."""
    with CaptureQueriesContext(connection) as ctx:
        page = learner_client.get(course_url(course)).content.decode()
    assert f'href="{reverse("course:my_courses")}" aria-current="page">Mitt kurs' in page
    # (The meetings' query asks about the learner's enrollments in a subquery, as U0.)
    assert sum('FROM "course_enrollment" WHERE' in q["sql"] for q in ctx.captured_queries) == 1


def test_markdown_kept_by_text_gives_the_same_safe_html_and_follows_an_edit(learner_client, course):
    from django.utils.safestring import SafeString

    from balanse.course.templatetags.course_tags import course_markdown

    text = "**Fet** og [lenke](https://example.org)\n\n<script>alert(1)</script>"
    first, again = course_markdown(text), course_markdown(text)
    assert (
        first
        == again
        == (
            '<p><strong>Fet</strong> og <a href="https://example.org" rel="noopener noreferrer">lenke</a></p>\n'
        )
    )
    assert isinstance(again, SafeString)
    assert course_markdown(None) == course_markdown("") == ""

    step = Step.objects.get(module__version=services.published_version(course), key="definisjonen")
    before = learner_client.get(step_url(course, "definisjonen")).content.decode()
    assert "<strong>Endret</strong>" not in before
    Step.objects.filter(pk=step.pk).update(body="**Endret** tekst.")
    after = learner_client.get(step_url(course, "definisjonen")).content.decode()
    assert '<div class="course-text"><p><strong>Endret</strong> tekst.</p></div>' in after


def test_reflection_page_shows_the_learners_own_saved_text_only(client, course, organisation, learner):
    step = Step.objects.get(module__version=services.published_version(course), key="refleksjon-grenser")
    other = EnrollmentFactory(organisation=organisation, course=course).user
    services.save_reflection(user=learner, course=course, step=step, text="Mine egne tanker.")
    services.save_reflection(
        user=other, course=course, step=Step.objects.get(pk=step.pk), text="Den andres tanker."
    )
    client.force_login(learner)
    page = client.get(step_url(course, "refleksjon-grenser")).content.decode()
    assert 'id="id_text">\nMine egne tanker.</textarea>' in page
    assert "Den andres tanker." not in page
    client.force_login(EnrollmentFactory(organisation=organisation, course=course).user)
    page = client.get(step_url(course, "refleksjon-grenser")).content.decode()
    assert 'id="id_text">\n</textarea>' in page
    assert "tanker." not in page


def test_my_courses_lists_each_course_once_by_title(client, course, organisation, learner):
    first = CourseFactory(title="Aller første kurs")
    elsewhere = OrganisationFactory(name="Et annet teater")
    EnrollmentFactory(organisation=organisation, course=first, user=learner)
    EnrollmentFactory(organisation=elsewhere, course=first, user=learner)
    enrollments = queries.learner_enrollments(learner)
    assert [(e.course.title, e.organisation.name) for e in enrollments][0][0] == "Aller første kurs"
    assert sorted((e.course_id, e.organisation.name, e.user_id) for e in enrollments) == sorted(
        [
            (course.pk, organisation.name, learner.pk),
            (first.pk, organisation.name, learner.pk),
            (first.pk, elsewhere.name, learner.pk),
        ]
    )
    client.force_login(learner)
    page = client.get(reverse("course:my_courses")).content.decode()
    links = re.findall(r'<li><a class="ds-link" href="(/kurs/[^"]+)">([^<]+)</a></li>', page)
    assert links == [(course_url(first), "Aller første kurs"), (course_url(course), course.title)]
    # One course: straight to it.
    client.force_login(EnrollmentFactory(organisation=elsewhere, course=first).user)
    response = client.get(reverse("course:my_courses"))
    assert (response.status_code, response["Location"]) == (302, course_url(first))
