"""The board's anonymous diversity survey: single-use links, answers with no way back to a person, results with
primary and complementary suppression."""

import itertools

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from balanse.core.models import AuditEntry
from balanse.report import queries, services
from balanse.report.forms import ThresholdForm
from balanse.report.models import Answer, Option, Question, Response, Survey, SurveyLink, SurveyState

# Suppression: an attacker who sees a published table (n and the shown cells) and knows the rule's public
# part: hidden cells are whole numbers ≥ 0 that add up to n minus the shown cells, and, unless the whole table
# is hidden, each hidden cell is ≥ 1 (zeros are never hidden on their own). A hidden count is recovered when
# it has only one possible value.


def feasible_values(published: list[int | None], n: int) -> list[set[int]]:
    hidden = [i for i, cell in enumerate(published) if cell is None]
    rest = n - sum(cell for cell in published if cell is not None)
    lowest = 0 if len(hidden) == len(published) else 1
    values: list[set[int]] = [set() for _ in published]
    for combo in itertools.product(range(lowest, rest + 1), repeat=len(hidden)):
        if sum(combo) == rest:
            for index, value in zip(hidden, combo, strict=True):
                values[index].add(value)
    return values


@settings(max_examples=400, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=6),
    threshold=st.integers(min_value=2, max_value=5),
)
def test_no_published_table_lets_a_hidden_count_be_recovered(counts, threshold):
    n = sum(counts)
    hidden = queries.suppress(counts, threshold)
    published = [None if hide else count for count, hide in zip(counts, hidden, strict=True)]
    for count, hide in zip(counts, hidden, strict=True):
        if 0 < count < threshold:
            assert hide  # every small count is hidden
    if n == 0:
        return  # nobody answered: the table is empty, nothing to recover
    for index, possible in enumerate(feasible_values(published, n)):
        if published[index] is None:
            assert counts[index] in possible
            assert len(possible) >= 2, (counts, threshold, published)


def test_a_threshold_of_one_hides_nothing():
    assert queries.suppress([1, 0, 8], 1) == [False, False, False]


pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(operator):
    return services.create_survey(year=2026, by=operator)


def token_from_mail(message) -> str:
    return message.body.split("/styreundersokelse/")[1].split("/")[0]


def test_default_questionnaire_covers_the_2020_report_and_every_question_can_be_declined(survey):
    keys = list(survey.questions.values_list("key", flat=True))
    assert keys[:3] == ["age", "region", "gender"]
    assert {"lgbtq", "immigrant", "multicultural", "minority", "melanin", "visible_disability"} <= set(keys)
    assert {"economic_capital_today", "cultural_capital_childhood"} <= set(keys)
    for question in survey.questions.all():
        assert question.options.filter(declines=True, text_nb="Vil ikke svare").count() == 1
        assert question.text_nb and question.text_en


def send(client, survey, addresses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report:survey_send", args=[survey.year]), {"recipients": "\n".join(addresses)}
        )
    assert response.status_code == 302


def answer_data(survey, choose_first=True):
    data = {}
    for question in survey.questions.prefetch_related("options"):
        if question.kind == "number":
            data[f"q{question.pk}"] = "44"
        elif choose_first:
            data[f"q{question.pk}"] = str(question.options.all()[0].pk)
    return data


def test_links_are_single_use_and_answers_are_saved_only_on_submit(
    client_for, survey, django_capture_on_commit_callbacks
):
    operator = client_for("operator")
    send(
        operator,
        survey,
        ["a@example.org", "b@example.org", "A@example.org"],
        django_capture_on_commit_callbacks,
    )
    assert len(mail.outbox) == 2
    survey.refresh_from_db()
    assert (survey.state, survey.eligible) == (SurveyState.OPEN, 2)
    token = token_from_mail(mail.outbox[0])
    anonymous = client_for("anonymous")
    url = reverse("report:answer", args=[token])
    assert anonymous.get(url).status_code == 200
    assert Response.objects.count() == 0  # opening the form saves nothing
    bad = answer_data(survey) | {f"q{survey.questions.get(key='age').pk}": "mange"}
    assert anonymous.post(url, bad).status_code == 400
    assert Response.objects.count() == 0 and not SurveyLink.objects.filter(used=True).exists()
    assert anonymous.post(url, answer_data(survey)).status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.count() == survey.questions.count()
    assert anonymous.post(url, answer_data(survey)).status_code == 404  # used: cannot answer or change again
    assert anonymous.get(url).status_code == 404
    assert Response.objects.count() == 1
    assert SurveyLink.objects.filter(used=True).count() == 1


def test_a_reminder_replaces_unused_links_only(
    client_for, survey, django_capture_on_commit_callbacks, operator
):
    client = client_for("operator")
    send(client, survey, ["a@example.org", "b@example.org"], django_capture_on_commit_callbacks)
    first = token_from_mail(mail.outbox[0])
    client_for("anonymous").post(reverse("report:answer", args=[first]), answer_data(survey))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind(survey=survey, by=operator) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["b@example.org"]


def test_no_model_links_an_answer_to_a_person_after_the_survey_closes(
    client_for, survey, django_capture_on_commit_callbacks, operator
):
    send(
        client_for("operator"), survey, ["a@example.org", "b@example.org"], django_capture_on_commit_callbacks
    )
    for message in mail.outbox:
        client_for("anonymous").post(
            reverse("report:answer", args=[token_from_mail(message)]), answer_data(survey)
        )
    services.close_survey(survey=survey, by=operator)
    assert SurveyLink.objects.count() == 0
    # A response and its answers have no field that leads to a person, a link, or a time.
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model in (Survey, Response, Question, Option), (model, field.name)
            assert not isinstance(field, models.DateField | models.DateTimeField), (model, field.name)
    # No other model points to a response or an answer.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in (Response, Answer):
                assert model in (Answer,), (model, field.name)
    # The audit log never named a response or an answer, nor who answered.
    for entry in AuditEntry.objects.all():
        assert entry.content_type.model_class() not in (Response, Answer)
        assert "answer" not in entry.action.replace("answers", "")
    survey.refresh_from_db()
    assert (survey.state, survey.eligible, survey.responses.count()) == (SurveyState.CLOSED, 2, 2)


def test_results_hide_small_counts_with_a_complement(operator):
    survey = services.create_survey(year=2027, by=operator, threshold=3)
    gender = survey.questions.get(key="gender")
    woman, man, *_ = gender.options.all()
    for option in [woman] * 4 + [man]:
        Answer.objects.create(response=Response.objects.create(survey=survey), question=gender, option=option)
    result = next(r for r in queries.survey_results(survey) if r["key"] == "gender")
    cells = [(row["label_nb"], row["count"], row["hidden"]) for row in result["rows"]]
    assert result["n"] == 5
    # man 1 is hidden; the smallest shown non-zero cell (woman 4) is hidden with it; zeros stay shown
    assert cells == [
        ("Kvinne", None, True),
        ("Mann", None, True),
        ("Annen kjønnsidentitet", 0, False),
        ("Vil ikke svare", 0, False),
        ("Svarte ikke", 0, False),
    ]
    age = next(r for r in queries.survey_results(survey) if r["key"] == "age")
    assert age["mean"] is None  # nobody gave an age
    assert age["rows"][-1]["hidden"] is False and age["rows"][-1]["count"] == 5


def test_lowering_the_threshold_needs_a_confirmation():
    assert not ThresholdForm({"threshold": 1}).is_valid()
    assert ThresholdForm({"threshold": 1, "understood": "on"}).is_valid()
    assert ThresholdForm({"threshold": 3}).is_valid()


def test_questions_are_edited_as_data_only_before_sending(
    client_for, survey, django_capture_on_commit_callbacks
):
    client = client_for("operator")
    response = client.post(
        reverse("report:survey_question_add", args=[2026]),
        {
            "text_nb": "Har du barn?",
            "text_en": "Do you have children?",
            "kind": "choice",
            "options": "Ja | Yes\nNei",
        },
    )
    assert response.status_code == 400 and "Linje 2" in response.content.decode()
    client.post(
        reverse("report:survey_question_add", args=[2026]),
        {
            "text_nb": "Har du barn?",
            "text_en": "Do you have children?",
            "kind": "choice",
            "options": "Ja | Yes\nNei | No",
        },
    )
    question = survey.questions.get(text_nb="Har du barn?")
    assert list(question.options.values_list("text_en", flat=True)) == ["Yes", "No", "Prefer not to answer"]
    send(client, survey, ["a@example.org"], django_capture_on_commit_callbacks)
    client.post(reverse("report:survey_question_delete", args=[2026, question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()


def test_an_existing_question_is_edited_in_both_languages(client_for, survey):
    client = client_for("operator")
    question = survey.questions.get(key="lgbtq")
    page = client.get(reverse("report:survey", args=[2026])).content.decode()
    assert f'name="q{question.pk}-text_en"' in page and "Ja | Yes" in page
    response = client.post(
        reverse("report:survey_question", args=[2026, question.pk]),
        {
            f"q{question.pk}-text_nb": "Er du skeiv?",
            f"q{question.pk}-text_en": "Are you queer?",
            f"q{question.pk}-kind": "choice",
            f"q{question.pk}-options": "Ja | Yes\nNei | No\nUsikker | Unsure",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text_nb, question.text_en) == ("Er du skeiv?", "Are you queer?")
    assert list(question.options.values_list("text_nb", flat=True)) == [
        "Ja",
        "Nei",
        "Usikker",
        "Vil ikke svare",
    ]
    bad = client.post(
        reverse("report:survey_question", args=[2026, question.pk]),
        {f"q{question.pk}-text_nb": "", f"q{question.pk}-text_en": "x", f"q{question.pk}-kind": "choice"},
        follow=True,
    )
    assert "Spørsmålet ble ikke lagret" in bad.content.decode()
    question.refresh_from_db()
    assert question.text_nb == "Er du skeiv?"
