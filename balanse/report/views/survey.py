"""The board's diversity survey: the operator prepares, sends, reminds and closes; board members answer by
their single-use link, anonymously."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from balanse.report import forms, queries, services
from balanse.report.models import Position, Question, QuestionKind, Survey, SurveyState
from balanse.report.views.common import require_operator

ERRORS = {
    "not_draft": lambda: _("The questions cannot change once the survey has been sent."),
    "closed": lambda: _("The survey is closed."),
    "not_open": lambda: _("The survey is not open."),
    "no_questions": lambda: _("The survey has no questions."),
}


def _survey(year: int) -> Survey:
    survey = Survey.objects.filter(year=year).first()
    if survey is None:
        raise Http404
    return survey


def _page(request, year, *, threshold_form=None, recipients_form=None, question_form=None, status=200):
    survey = Survey.objects.filter(year=year).first()
    context = {"year": year, "survey": survey}
    if survey is not None:
        language = "en" if (get_language() or "nb").startswith("en") else "nb"
        addresses = Position.objects.survey_eligible(year).exclude(email="").values_list("email", flat=True)
        context |= {
            "questions": [
                (
                    question,
                    forms.QuestionForm(prefix=f"q{question.pk}", initial=forms.question_initial(question)),
                )
                for question in survey.questions.prefetch_related("options")
            ],
            "threshold_form": threshold_form or forms.ThresholdForm(initial={"threshold": survey.threshold}),
            "recipients_form": recipients_form
            or forms.RecipientsForm(initial={"recipients": "\n".join(addresses)}),
            "question_form": question_form or forms.QuestionForm(initial={"kind": QuestionKind.CHOICE}),
            "links": survey.links.count(),
            "used": survey.links.filter(used=True).count(),
            "responded": survey.responses.count(),
            "results": [
                dict(
                    q,
                    text=q[f"text_{language}"],
                    rows=[dict(r, label=r[f"label_{language}"]) for r in q["rows"]],
                )
                for q in queries.survey_results(survey)
            ]
            if survey.state == SurveyState.CLOSED
            else [],
        }
    return render(request, "report/survey.html", context, status=status)


@login_required
def survey_page(request, year: int):
    require_operator(request, year)
    return _page(request, year)


@login_required
@require_POST
def create(request, year: int):
    require_operator(request, year)
    services.create_survey(year=year, by=request.user)
    messages.success(
        request, _("The survey for %(year)s was made with the default questions.") % {"year": year}
    )
    return redirect("report:survey", year=year)


@login_required
@require_POST
def threshold(request, year: int):
    require_operator(request, year)
    survey = _survey(year)
    form = forms.ThresholdForm(request.POST)
    if not form.is_valid():
        return _page(request, year, threshold_form=form, status=400)
    try:
        services.set_threshold(survey=survey, threshold=form.cleaned_data["threshold"], by=request.user)
    except services.ReportError as exc:
        messages.error(request, ERRORS[str(exc)]())
    else:
        messages.success(request, _("The threshold was saved."))
    return redirect("report:survey", year=year)


@login_required
@require_POST
def question(request, year: int, pk: int | None = None):
    require_operator(request, year)
    survey = _survey(year)
    existing = get_object_or_404(Question, pk=pk, survey=survey) if pk else None
    form = forms.QuestionForm(request.POST, prefix=f"q{pk}" if pk else None)
    if not form.is_valid():
        if existing is not None:
            messages.error(
                request,
                _("The question was not saved: %(errors)s")
                % {"errors": " ".join(str(error) for errors in form.errors.values() for error in errors)},
            )
            return redirect("report:survey", year=year)
        return _page(request, year, question_form=form, status=400)
    data = form.cleaned_data
    try:
        services.save_question(
            survey=survey,
            by=request.user,
            question=existing,
            text_nb=data["text_nb"],
            text_en=data["text_en"],
            kind=data["kind"],
            options=data["pairs"],
        )
    except services.ReportError as exc:
        messages.error(request, ERRORS[str(exc)]())
    else:
        messages.success(request, _("The question was saved."))
    return redirect("report:survey", year=year)


@login_required
@require_POST
def delete_question(request, year: int, pk: int):
    require_operator(request, year)
    question = get_object_or_404(Question, pk=pk, survey=_survey(year))
    try:
        services.delete_question(question=question, by=request.user)
    except services.ReportError as exc:
        messages.error(request, ERRORS[str(exc)]())
    else:
        messages.success(request, _("The question was removed."))
    return redirect("report:survey", year=year)


@login_required
@require_POST
def send(request, year: int):
    require_operator(request, year)
    survey = _survey(year)
    form = forms.RecipientsForm(request.POST)
    if not form.is_valid():
        return _page(request, year, recipients_form=form, status=400)
    try:
        count = services.send_survey(
            survey=survey, recipients=form.cleaned_data["recipients"], by=request.user, request=request
        )
    except services.ReportError as exc:
        messages.error(request, ERRORS[str(exc)]())
    else:
        messages.success(request, _("%(count)s links were sent.") % {"count": count})
    return redirect("report:survey", year=year)


@login_required
@require_POST
def remind(request, year: int):
    require_operator(request, year)
    try:
        count = services.remind(survey=_survey(year), by=request.user, request=request)
    except services.ReportError as exc:
        messages.error(request, ERRORS[str(exc)]())
    else:
        messages.success(request, _("%(count)s reminders were sent.") % {"count": count})
    return redirect("report:survey", year=year)


@login_required
@require_POST
def close(request, year: int):
    require_operator(request, year)
    services.close_survey(survey=_survey(year), by=request.user)
    messages.success(request, _("The survey is closed and the links are deleted."))
    return redirect("report:survey", year=year)


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    link = services.link_for_token(token)
    if link is None:
        return render(request, "report/public/answer_gone.html", status=404)
    survey = link.survey
    language = "en" if (get_language() or "nb").startswith("en") else "nb"
    form_class = forms.survey_answer_form(survey, language=language)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.submit_answers(token=token, answers=form.answers())
        except services.ReportError:
            return render(request, "report/public/answer_gone.html", status=404)
        return redirect("report:answer_thanks")
    return render(
        request,
        "report/public/answer.html",
        {"survey": survey, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def answer_thanks(request):
    return render(request, "report/public/answer_thanks.html")
