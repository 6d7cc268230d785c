"""Journey (issue 14): an international freelancer takes the default course on an English page, on a 360 px
phone: the course, its quiz (wrong, then right), a case and the video transcript are in English, every page
scanned with axe; the same progress shows on a Norwegian page."""

from django.conf import settings

from balanse.course import services
from balanse.course.models import Course, StepCompletion
from tests.factories import OrganisationFactory, UserFactory, make_org_admin


def test_english_learner_takes_the_course_on_a_phone(make_page, login_as, live_server):
    theatre = OrganisationFactory(name="Rosendal teater")
    admin = make_org_admin(theatre)
    course = Course.objects.get(slug="trygt-kulturliv")
    alex = UserFactory(email="alex@example.org", full_name="Alex Freelancer")
    services.invite_learners(organisation=theatre, course=course, emails=[alex.email], by=admin)

    learner = make_page(width=360, height=780, locale="en-GB")
    login_as(learner, alex)
    learner.page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = learner.goto(f"/kurs/{course.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "A safe arts sector – online course against sexual harassment"
    )
    assert page.get_by_role("heading", name="What is sexual harassment?").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Check your understanding").click()
    learner.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your understanding"
    page.get_by_label("Yes, it has to be on purpose").check()
    page.get_by_label("Repeated comments about a colleague's body").check()
    page.get_by_role("button", name="Check my answers").click()
    learner.check()
    assert page.get_by_text("The law says “purpose or effect”", exact=False).is_visible()
    page.get_by_label("No, the effect can be enough").check()
    page.get_by_label("Sending a partly undressed picture to a colleague").check()
    page.get_by_role("button", name="Check again").click()
    learner.check()
    assert StepCompletion.objects.filter(user=alex, step_key="quiz-definisjon").exists()

    page.get_by_role("link", name="Next").click()
    learner.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Your own boundaries"
    page.get_by_role("link", name="Next").click()
    learner.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Case: The opening-night party"
    page.get_by_role(
        "button", name="I go over and ask Sara if she wants to come and get something to eat"
    ).click()
    learner.check()
    assert page.get_by_text("Sara comes with you.", exact=False).is_visible()

    learner.goto(f"/kurs/{course.slug}/steg/film-risikofaktorer/")
    page.get_by_text("Transcript", exact=True).click()
    learner.check()
    assert page.get_by_text("I've worked freelance for ten years", exact=False).first.is_visible()
