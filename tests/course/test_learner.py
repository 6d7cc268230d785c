import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Enrollment, Reflection, StepCompletion
from balanse.organisations.models import Membership
from tests.course.conftest import step_url

pytestmark = pytest.mark.django_db


def done_keys(user, course):
    return set(StepCompletion.objects.filter(user=user, course=course).values_list("step_key", flat=True))


def test_default_course_has_modules_and_every_step_type(course):
    version = services.published_version(course)
    assert version.number == 1
    assert version.modules.count() == 5
    kinds = set(version.modules.values_list("steps__kind", flat=True))
    assert kinds == {"text", "video", "quiz", "reflection", "case"}
    cases = [s for m in version.modules.all() for s in m.steps.filter(kind="case")]
    assert len(cases) == 2
    for case in cases:
        assert sum(1 for n in case.data["nodes"] if n["ending"]) >= 3


def test_load_content_is_idempotent(course):
    from django.core.management import call_command

    call_command("load_content", stdout=io.StringIO())
    assert course.versions.count() == 1


def test_invite_learners_creates_learners_without_membership_and_mail(
    course, organisation, org_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    url = reverse("course:invite", args=[organisation.pk, course.slug])
    response = client.post(url, {"emails": "a@example.org, B@example.org\nikke-en-adresse"})
    assert response.status_code == 200
    assert "ikke-en-adresse" in response.content.decode()
    assert Enrollment.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"emails": "a@example.org, B@example.org\na@example.org"})
    assert response.status_code == 302
    enrollments = Enrollment.objects.filter(course=course, organisation=organisation).select_related("user")
    assert sorted(e.user.email for e in enrollments) == ["a@example.org", "b@example.org"]
    # Learners: the course only, no membership (issue 9: no member list, no workbook for learners).
    assert not Membership.objects.filter(user__email__in=["a@example.org", "b@example.org"]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "/kurs/invitasjon/" in mail.outbox[0].body  # the link logs the learner in (test_invitation_link)


def test_text_step_completes_when_opened(learner_client, learner, course):
    assert learner_client.get(step_url(course, "definisjonen")).status_code == 200
    assert done_keys(learner, course) == {"definisjonen"}
    assert Enrollment.objects.get(user=learner).started_at is not None


def alerts(response) -> list[str]:
    """The texts of the page's alerts (role="alert"), as a screen reader announces them."""
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>|\s+", " ", text).strip()
        for text in re.findall(r'<div[^>]*role="alert"[^>]*>(.*?)</div>', html, re.S)
    ]


def _feedback_per_question(html: str) -> list[tuple[str, str]]:
    """(question, its feedback) for each question: the feedback sits inside the question's fieldset."""
    out = []
    for fieldset in re.findall(r'<fieldset class="ds-fieldset course-question">(.*?)</fieldset>', html, re.S):
        legend = re.search(r"<legend[^>]*>(.*?)</legend>", fieldset, re.S).group(1).strip()
        feedback = re.search(r'data-testid="question-feedback">(.*?)</div>', fieldset, re.S)
        out.append(
            (
                legend,
                re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", feedback.group(1))).strip() if feedback else "",
            )
        )
    return out


def test_quiz_all_wrong_is_not_done_and_says_try_again(learner_client, learner, course):
    url = step_url(course, "quiz-definisjon")
    response = learner_client.post(url, {})
    assert response.status_code == 200
    assert alerts(response) == ["Velg et svar før du sjekker det."]
    assert done_keys(learner, course) == set()
    response = learner_client.post(url, {"hensikt": "ja", "former": ["kommentar"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert alerts(response) == []
    assert done_keys(learner, course) == set()  # every answer wrong: not done
    assert '<span class="ds-tag" data-color="warning">Prøv igjen</span>' in html
    assert ">Gjort<" not in html
    assert "0 av 2 riktig." in html
    feedback = _feedback_per_question(html)
    assert len(feedback) == 2
    assert feedback[0][1].startswith("Ikke helt.") and "Loven sier «formål eller virkning»" in feedback[0][1]
    assert feedback[1][1].startswith("Ikke helt.")
    response = learner_client.post(url, {"hensikt": "nei", "former": ["kommentar", "bilde"]})
    html = response.content.decode()
    assert "Også handlinger uten vond hensikt" in _feedback_per_question(html)[0][1]
    assert [f.split(" ")[0] for _q, f in _feedback_per_question(html)] == ["Riktig!", "Riktig!"]
    assert done_keys(learner, course) == {"quiz-definisjon"}
    assert ">Gjort<" in html and "Prøv igjen" not in html


def test_quiz_with_a_pass_mark_completes_only_when_enough_is_right(learner_client, learner, course):
    from balanse.course.models import Step

    step = Step.objects.get(module__version=services.published_version(course), key="quiz-definisjon")
    step.data = {**step.data, "pass_mark": 100}
    step.save()
    url = step_url(course, "quiz-definisjon")
    wrong = learner_client.post(url, {"hensikt": "ja", "former": ["kommentar"]}).content.decode()
    assert "Du fikk 0 % riktig. Denne quizen krever 100 %." in wrong
    assert done_keys(learner, course) == set()
    right = learner_client.post(url, {"hensikt": "nei", "former": ["kommentar", "bilde"]}).content.decode()
    assert "Du fikk 100 % riktig." in right and "Du har bestått." in right
    assert done_keys(learner, course) == {"quiz-definisjon"}


def test_quiz_pass_mark_must_be_a_percentage():
    from balanse.course.forms import StepForm

    data = {
        "key": "q",
        "kind": "quiz",
        "title": "Q",
        "body": "",
        "settings_json": '{"pass_mark": 150, "questions": []}',
    }
    form = StepForm(data=data)
    assert not form.is_valid()
    assert "1 to 100" in str(form.errors["settings_json"]) or "1 til 100" in str(form.errors["settings_json"])


def test_reflection_completes_when_saved_and_is_linked_only_to_the_learner(learner_client, learner, course):
    url = step_url(course, "refleksjon-grenser")
    response = learner_client.post(url, {"text": ""})
    assert response.status_code == 200
    assert done_keys(learner, course) == set()
    response = learner_client.post(url, {"text": "Min private tanke"})
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.user, reflection.step_key, reflection.text) == (
        learner,
        "refleksjon-grenser",
        "Min private tanke",
    )
    assert {f.name for f in Reflection._meta.get_fields()} == {
        "id",
        "user",
        "course",
        "step_key",
        "text",
        "updated",
    }
    assert "Min private tanke" in learner_client.get(url).content.decode()


def test_case_completes_only_at_an_ending(learner_client, learner, course):
    url = step_url(course, "case-premierefesten")
    response = learner_client.post(url, {"node": "start", "choice": "avbryt"})
    assert response.status_code == 302
    assert response["Location"].endswith("?node=avbrutt#case")
    assert done_keys(learner, course) == set()
    page = learner_client.get(response["Location"]).content.decode()
    assert "Å avbryte situasjonen er en enkel" in page
    response = learner_client.post(url, {"node": "avbrutt", "choice": "verneombud"})
    assert done_keys(learner, course) == {"case-premierefesten"}
    assert "Slutt: Sara får støtte" in learner_client.get(response["Location"]).content.decode()


def test_case_stale_choice_gives_message_and_no_change(learner_client, learner, course):
    response = learner_client.post(
        step_url(course, "case-premierefesten"), {"node": "start", "choice": "finnes-ikke"}, follow=True
    )
    assert response.status_code == 200
    assert done_keys(learner, course) == set()


def test_video_completes_when_watched_or_transcript_opened(learner_client, learner, course):
    url = step_url(course, "film-risikofaktorer")
    page = learner_client.get(url).content.decode()
    assert "Jeg har jobbet frilans i ti år" in page
    assert done_keys(learner, course) == set()
    response = learner_client.post(url, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    assert done_keys(learner, course) == {"film-risikofaktorer"}


def test_captions_are_served_as_webvtt(learner_client, course):
    response = learner_client.get(reverse("course:captions", args=[course.slug, "film-risikofaktorer"]))
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode().startswith("WEBVTT")


def complete_everything(user, course):
    version = services.published_version(course)
    from balanse.course.models import Step

    for step in Step.objects.filter(module__version=version):
        services.complete_step(user=user, course=course, step=step)


def test_module_and_course_complete_when_all_steps_are(learner_client, learner, course):
    from balanse.course.queries import course_progress

    version = services.published_version(course)
    for key in ["definisjonen", "quiz-definisjon", "refleksjon-grenser", "case-premierefesten"]:
        services.complete_step(
            user=learner,
            course=course,
            step=version.modules.get(key="hva-er-trakassering").steps.get(key=key),
        )
    progress = course_progress(learner, version)
    assert [m.complete for m in progress.modules] == [True, False, False, False, False]
    assert progress.next_step.key == "ti-risikofaktorer"
    assert Enrollment.objects.get(user=learner).completed_at is None
    complete_everything(learner, course)
    assert course_progress(learner, version).complete
    assert Enrollment.objects.get(user=learner).completed_at is not None


def test_course_page_continues_at_next_step(learner_client, learner, course):
    learner_client.get(step_url(course, "definisjonen"))
    page = learner_client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert f'href="{step_url(course, "quiz-definisjon")}"' in page
    assert "Fortsett der du slapp" in page


def test_certificate_is_a_tagged_a4_pdf_only_when_complete(learner_client, learner, course):
    url = reverse("course:certificate", args=[course.slug])
    assert learner_client.get(url).status_code == 302
    complete_everything(learner, course)
    response = learner_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]
    assert "Lise Lærling" in reader.pages[0].extract_text()


def test_join_link_can_be_switched_on_and_off(client, course, organisation, org_admin):
    offer = services.get_offer(organisation=organisation, course=course)
    join_url = reverse("course:join", args=[offer.join_token])
    assert client.get(join_url).status_code == 410
    client.force_login(org_admin)
    client.post(reverse("course:join_link", args=[organisation.pk, course.slug]), {"action": "on"})
    client.logout()
    assert client.get(join_url).status_code == 200
    response = client.post(join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    assert response.status_code == 302
    # The address is proved by an e-mailed code before anyone is enrolled (tests/course/test_join_link.py).
    assert response["Location"] == join_url + "kode/"
    assert not Enrollment.objects.filter(user__email="nina@example.org").exists()
    client.force_login(org_admin)
    client.post(reverse("course:join_link", args=[organisation.pk, course.slug]), {"action": "off"})
    client.logout()
    assert client.get(join_url).status_code == 410


def test_meeting_scheduled_by_operator_is_shown_to_learners(operator_client, learner, course, organisation):
    url = reverse("course:operator_meeting", args=[course.slug, organisation.pk])
    response = operator_client.post(
        url,
        {"meeting_at": "2026-12-03T10:00", "meeting_link": "https://møte.example/abc", "meeting_note": ""},
    )
    assert response.status_code == 302
    from django.test import Client

    learner_client = Client()
    learner_client.force_login(learner)
    page = learner_client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert "Oppfølgingsmøte med Balansekunst" in page
    assert "https://xn--mte-zna.example/abc" in page or "https://møte.example/abc" in page


def test_course_status_receiver_counts(course, organisation, learner):
    from balanse.certification.signals import course_status_requested
    from balanse.core.signals import first_answer

    assert first_answer(course_status_requested, organisation=organisation) == {
        "invited": 1,
        "started": 0,
        "completed": 0,
    }
    complete_everything(learner, course)
    assert first_answer(course_status_requested, organisation=organisation) == {
        "invited": 1,
        "started": 1,
        "completed": 1,
    }


def test_markdown_is_rendered_safely_with_images():
    from balanse.course.templatetags.course_tags import course_markdown

    html = course_markdown(
        "**Fet** ![Scene](/static/core/favicon.svg)\n\n<script>alert(1)</script>"
        '<a href="javascript:alert(1)" onclick="x()">lenke</a>'
    )
    assert "<strong>Fet</strong>" in html
    assert '<img alt="Scene" src="/static/core/favicon.svg">' in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
