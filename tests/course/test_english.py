"""Issue 14: an English page shows our English version of the default course over the same steps."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from balanse.course import services, translations
from balanse.course.content_format import read_course_dir
from balanse.course.models import Course, Enrollment, Step, StepCompletion
from tests.course.conftest import step_url

pytestmark = pytest.mark.django_db

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "course"
COURSE_DIR = CONTENT_DIR / "trygt-kulturliv"
ENGLISH_DIR = CONTENT_DIR / "en" / "trygt-kulturliv"


@pytest.fixture
def english(learner_client):
    learner_client.cookies["balanse_language"] = "en"
    return learner_client


@pytest.fixture(autouse=True)
def _fresh_translation_cache():
    translations._default_pair.cache_clear()
    yield
    translations._default_pair.cache_clear()


def _structure(value):
    """Everything but the words: keys, kinds, right answers, where choices lead, endings."""
    if isinstance(value, dict):
        return {
            k: _structure(v)
            for k, v in value.items()
            if k not in {"title", "intro", "description", "body", *translations.TEXT_FIELDS}
        }
    if isinstance(value, list):
        return [_structure(v) for v in value]
    return value


def _texts(value, path=""):
    """Every translatable text, by its place in the course."""
    if isinstance(value, dict):
        for k, v in value.items():
            here = f"{path}/{value.get('key', '')}.{k}"
            if k in {"title", "intro", "description", "body", *translations.TEXT_FIELDS} and isinstance(
                v, str
            ):
                yield here, v
            else:
                yield from _texts(v, here)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, path)


def test_english_file_covers_every_key_and_text_of_the_norwegian_default():
    norwegian = read_course_dir(COURSE_DIR)
    english = read_course_dir(ENGLISH_DIR)
    nb_steps = [s["key"] for m in norwegian["modules"] for s in m["steps"]]
    en_steps = [s["key"] for m in english["modules"] for s in m["steps"]]
    assert en_steps == nb_steps, set(nb_steps) ^ set(en_steps)
    assert _structure(english) == _structure(norwegian)
    nb_texts, en_texts = dict(_texts(norwegian)), dict(_texts(english))
    assert en_texts.keys() == nb_texts.keys()
    untranslated = [place for place, text in nb_texts.items() if text and en_texts[place] in {"", text}]
    # Only the video address and course slug are shared; every text the learner reads is in English.
    assert untranslated == []


def test_english_learner_sees_english_course_page(english, course):
    page = english.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert "A safe arts sector – online course against sexual harassment" in page
    assert "What is sexual harassment?" in page
    assert "Check your understanding" in page
    assert "Hva er seksuell trakassering?" not in page


def test_norwegian_learner_page_is_unchanged(learner_client, course):
    page = learner_client.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert "Hva er seksuell trakassering?" in page
    assert "Sjekk forståelsen" in page
    assert "What is sexual harassment?" not in page


def test_english_quiz_is_checked_the_same_and_progress_is_shared(english, learner, course):
    url = step_url(course, "quiz-definisjon")
    page = english.get(url).content.decode()
    assert "Which of these can be sexual harassment?" in page
    assert "Greeting a new colleague warmly" in page
    assert "Hvilke av disse" not in page
    wrong = english.post(url, {"hensikt": ["ja"], "former": ["kommentar"]}).content.decode()
    assert "The law says “purpose or effect”" in wrong
    assert not StepCompletion.objects.filter(user=learner, step_key="quiz-definisjon").exists()
    english.post(url, {"hensikt": ["nei"], "former": ["kommentar", "bilde"]})
    assert StepCompletion.objects.filter(user=learner, course=course, step_key="quiz-definisjon").exists()
    # The same progress on a Norwegian page: the step is done there too.
    english.cookies["balanse_language"] = "nb"
    norwegian = english.get(reverse("course:learner_course", args=[course.slug]))
    assert "quiz-definisjon" in {s.key for s in norwegian.context["progress"].steps if s.is_done}
    assert "Sjekk forståelsen" in norwegian.content.decode()


def test_english_case_and_reflection_and_captions(english, course):
    case = english.get(step_url(course, "case-premierefesten")).content.decode()
    assert "opening-night party" in case
    response = english.post(step_url(course, "case-premierefesten"), {"node": "start", "choice": "avbryt"})
    assert response.status_code == 302
    following = english.get(response["Location"]).content.decode()
    assert "Interrupting the situation is a simple and safe way to help" in following
    assert "Sara comes with you." in following
    reflection = english.get(step_url(course, "refleksjon-grenser")).content.decode()
    assert "Think of a situation at work" in reflection
    captions = english.get(reverse("course:captions", args=[course.slug, "film-risikofaktorer"]))
    assert "I've worked freelance for ten years" in captions.content.decode()
    text = english.get(step_url(course, "definisjonen")).content.decode()
    assert "Equality and Anti-Discrimination Act" in text


def test_norwegian_step_is_unchanged(learner_client, course):
    page = learner_client.get(step_url(course, "quiz-definisjon")).content.decode()
    assert "Hvilke av disse kan være seksuell trakassering?" in page
    assert "Which of these" not in page


def test_operator_edited_text_stays_as_written(english, course):
    step = Step.objects.get(module__version__course=course, key="quiz-definisjon")
    step.title = "Vår egen kontroll"
    step.data["questions"][0]["text"] = "Et spørsmål vi skrev selv?"
    step.save()
    page = english.get(step_url(course, "quiz-definisjon")).content.decode()
    assert "Vår egen kontroll" in page
    assert "Et spørsmål vi skrev selv?" in page
    # The texts still as we wrote them are in English.
    assert "Which of these can be sexual harassment?" in page
    assert "Check your understanding" not in page


def test_missing_translation_falls_back_to_norwegian(english, course, tmp_path, monkeypatch):
    (tmp_path / "trygt-kulturliv").mkdir()
    for name in ("course.json", "steps"):
        source = COURSE_DIR / name
        target = tmp_path / "trygt-kulturliv" / name
        if source.is_dir():
            target.mkdir()
            for f in source.iterdir():
                (target / f.name).write_bytes(f.read_bytes())
        else:
            target.write_bytes(source.read_bytes())
    data = json.loads((ENGLISH_DIR / "course.json").read_text(encoding="utf-8"))
    module = data["modules"][0]
    module["steps"] = [s for s in module["steps"] if s["key"] != "quiz-definisjon"]
    module.pop("intro")
    (tmp_path / "en" / "trygt-kulturliv" / "steps").mkdir(parents=True)
    (tmp_path / "en" / "trygt-kulturliv" / "course.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(translations, "CONTENT_DIR", tmp_path)
    translations._default_pair.cache_clear()
    page = english.get(step_url(course, "quiz-definisjon")).content.decode()
    assert "Sjekk forståelsen" in page
    assert "Hvilke av disse kan være seksuell trakassering?" in page
    # No English body file for the text step: its Norwegian body shows, under the English title.
    text = english.get(step_url(course, "definisjonen")).content.decode()
    assert "The definition in the law" in text
    assert "Likestillings- og diskrimineringsloven § 13" in text
    overview = english.get(reverse("course:learner_course", args=[course.slug])).content.decode()
    assert "What is sexual harassment?" in overview
    assert "Definisjonen i loven, og hvorfor" in overview  # the module intro the translation lacks


def test_other_languages_and_other_courses_are_left_alone(course):
    from django.utils import translation

    with translation.override("de"):
        assert translations.page_language() == "de"
        assert translations._pair_for(course.slug) is None
    with translation.override("en"):
        assert translations._pair_for("eget-kurs") is None
        assert translations._pair_for(course.slug) is not None


def test_join_page_and_code_mail_name_the_course_in_english(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks
):
    cache.clear()
    offer = services.get_offer(organisation=organisation, course=course)
    services.set_join_link(offer=offer, enabled=True, by=org_admin)
    url = reverse("course:join", args=[offer.join_token])
    client.cookies["balanse_language"] = "en"
    assert "A safe arts sector" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"full_name": "Alex Freelancer", "email": "alex@example.org"})
    assert response.status_code == 302
    assert "A safe arts sector" in mail.outbox[-1].body
    assert "A safe arts sector" in client.get(response["Location"]).content.decode()
    # Nothing was saved in English: the course keeps its Norwegian title.
    course.refresh_from_db()
    assert course.title.startswith("Trygt kulturliv")
    client.cookies["balanse_language"] = "nb"
    assert "Trygt kulturliv" in client.get(url).content.decode()
    cache.clear()


def test_my_courses_lists_the_default_course_in_english(english, learner, course):
    other = Course.objects.create(slug="eget-kurs", title="Vårt eget kurs")
    first = Enrollment.objects.get(user=learner, course=course)
    Enrollment.objects.create(user=learner, course=other, organisation=first.organisation)
    page = english.get(reverse("course:my_courses")).content.decode()
    assert "A safe arts sector" in page
    assert "Vårt eget kurs" in page
    assert "Trygt kulturliv" not in page


def test_captions_are_labelled_with_their_language(course, settings):
    from django.utils import translation

    step = Step.objects.get(module__version__course=course, key="film-risikofaktorer")
    with translation.override("en"):
        assert translations.captions_language(step, course.slug) == "nb"  # still the Norwegian captions
        translations.translate_steps([step], course.slug)
        assert step.data["captions"].startswith("WEBVTT")
        assert translations.captions_language(step, course.slug) == "en"
    step.data["captions"] = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nVår egen tekst\n"
    with translation.override("en"):
        translations.translate_steps([step], course.slug)
        assert "Vår egen tekst" in step.data["captions"]
        assert translations.captions_language(step, course.slug) == "nb"
    with translation.override("nb"):
        assert translations.captions_language(step, course.slug) == "nb"
