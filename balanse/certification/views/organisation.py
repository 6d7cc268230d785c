"""The organisation admin's page of Balansemerket: where they are on the way to the mark, what comes next,
applying, submitting the measures and answering review comments."""

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import Certification, SchemeSettings
from balanse.certification.requirements import all_complete, get_requirements
from balanse.certification.signals import course_status_requested
from balanse.certification.views.common import (
    _get_certification_for_user,
    history_page,
    latest_history,
    requirement_rows,
    show_error,
)
from balanse.core.signals import first_answer
from balanse.core.views_helpers import get_object_with_perm, require_perm
from balanse.organisations.models import Organisation

S = Certification.State

# What comes next in each state, for the organisation admin.
NEXT_STEP = {
    S.APPLIED: gettext_lazy("Balansekunst will contact you to book the course for your staff."),
    S.COURSE: gettext_lazy("Hold the course. After the course you start on your measures."),
    S.MEASURES: gettext_lazy(
        "Work on the required measures. When every measure is in place, submit them for review."
    ),
    S.IN_REVIEW: gettext_lazy(
        "Balansekunst is reviewing your measures. The submission is locked in the meantime."
    ),
    S.CERTIFIED: gettext_lazy(
        "You hold the mark. Before it runs out, Balansekunst holds a follow-up meeting with you."
    ),
    S.FOLLOW_UP: gettext_lazy("Update the plan for the next year. Balansekunst then renews the mark."),
    S.EXPIRED: gettext_lazy("The mark has expired. You can apply again."),
    S.WITHDRAWN: gettext_lazy("The mark was withdrawn. You can apply again."),
}
STEPS = [
    (S.APPLIED, gettext_lazy("Application")),
    (S.COURSE, gettext_lazy("Course")),
    (S.MEASURES, gettext_lazy("Measures")),
    (S.IN_REVIEW, gettext_lazy("Review")),
    (S.CERTIFIED, gettext_lazy("Mark")),
]


def _steps(state: str) -> list[dict]:
    """The steps to the mark with the current one marked; none for an ended certification."""
    order = [value for value, _label in STEPS]
    if state in order:
        position = order.index(state)
    elif state == S.FOLLOW_UP:
        position = len(order) - 1
    else:
        return []
    return [
        {"label": label, "done": i < position, "current": i == position}
        for i, (_v, label) in enumerate(STEPS)
    ]


# A prefix no comment has (the largest a 32-bit key can be): one answer form is written with it.
_STAND_IN_PREFIX = "c2147483647"


@lru_cache(maxsize=16)
def _answer_form(language: str | None) -> str:
    """The answer form's markup with the stand-in prefix, written once per language."""
    return str(forms.AnswerForm(prefix=_STAND_IN_PREFIX))


def _give_answer_forms(comments) -> None:
    """Give each comment `.answer_form`: the markup of its unbound answer form (prefix `c<pk>`). The form is
    written once per language and process, with a stand-in prefix (`_answer_form`), and each comment's markup made from it with its own prefix in its
    place (the form renderer took about a third of a millisecond a form, and the page has one for every
    comment still open); the same markup as each form's own, a test holds it so."""
    if not comments:
        return
    markup = _answer_form(get_language())
    for comment in comments:
        comment.answer_form = mark_safe(  # noqa: S308 (the form's own markup, another prefix)
            markup.replace(_STAND_IN_PREFIX, f"c{comment.pk}")
        )


def _get_organisation_for_user(request, pk: int, perm: str) -> Organisation:
    return get_object_with_perm(request, Organisation, perm, pk=pk)


def _get_certification_page_for_user(
    request, pk: int, perm: str
) -> tuple[Organisation, Certification | None]:
    """The organisation `pk` (404 if there is none, 403 without `perm`) and its latest certification (None if
    it never applied), read in one query when there is one."""
    certification = queries.latest_with_organisation(pk)
    if certification is None:
        return _get_organisation_for_user(request, pk, perm), None
    require_perm(request, perm, certification.organisation)
    return certification.organisation, certification


def _course_status(organisation, user):
    return first_answer(course_status_requested, organisation=organisation, user=user)


@login_required
def organisation_page(request, pk: int, application_form=None, status=200):
    organisation, certification = _get_certification_page_for_user(
        request, pk, "certification.view_for_organisation"
    )
    context = {"organisation": organisation, "certification": certification}
    if certification is not None:
        requirements = get_requirements(certification)
        comments = queries.comments_with_state(certification)
        unsettled = queries.open_comments(certification, requirements, comments=comments)
        _give_answer_forms(unsettled)
        must_change = {c.requirement_key for c in unsettled}
        may_submit = request.user.has_perm("certification.submit", certification)
        course, meetings = queries.course_and_meetings(certification)
        context |= {
            "steps": _steps(certification.state),
            "next_step": NEXT_STEP[certification.state],
            "requirements": requirements,
            "missing": [r for r in requirements if not r.complete and r.key not in must_change],
            "open_comments": unsettled,
            "must_change": must_change,
            "may_answer": certification.state in (S.MEASURES, S.FOLLOW_UP) and may_submit,
            "can_submit": certification.state == S.MEASURES
            and all_complete(requirements)
            and not unsettled
            and may_submit,
            "course": course,
            "course_status": _course_status(organisation, request.user),
            # Shown with the measures, from the measures on (not while applying or in the course).
            "meetings": meetings if certification.state not in (S.APPLIED, S.COURSE) else [],
            "comments": comments,
            "requirement_rows": requirement_rows(requirements, comments),
            **latest_history(
                certification, reverse("certification:organisation_history", args=[organisation.pk])
            ),
            "periods": certification.periods.all(),  # prefetched (with who decided each) if there are any
            "submit_form": forms.ConfirmForm(initial={"version": certification.version}),
        }
    context["can_apply"] = (
        certification is None or certification.state in (S.EXPIRED, S.WITHDRAWN)
    ) and request.user.has_perm("certification.apply", organisation)
    if context["can_apply"] or (certification is not None and certification.state == S.APPLIED):
        # Said only to an organisation that applies or has just applied.
        context["response_time"] = SchemeSettings.current().response_time
    if context["can_apply"]:
        context["application_form"] = application_form or forms.ApplicationForm(
            initial={"contact_name": request.user.full_name, "contact_email": request.user.email}
        )
    return render(request, "certification/organisation.html", context, status=status)


@login_required
def organisation_history(request, pk: int):
    """The whole history of the organisation's latest certification, for the organisation."""
    organisation, certification = _get_certification_page_for_user(
        request, pk, "certification.view_for_organisation"
    )
    if certification is None:
        raise Http404
    return history_page(
        request, certification, back_url=reverse("certification:organisation", args=[organisation.pk])
    )


@login_required
@require_POST
def apply(request, pk: int):
    organisation = _get_organisation_for_user(request, pk, "certification.apply")
    form = forms.ApplicationForm(request.POST)
    if not form.is_valid():
        return organisation_page(request, pk, application_form=form, status=400)
    try:
        services.apply(organisation=organisation, by=request.user, application=form.cleaned_data)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Thank you! Your application for Balansemerket has been received."))
    return redirect("certification:organisation", pk=organisation.pk)


@login_required
@require_POST
def submit(request, pk: int):
    certification = _get_certification_for_user(request, pk, "certification.submit")
    form = forms.ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.submit_for_review(
            certification=certification, by=request.user, version=form.cleaned_data.get("version") or ""
        )
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Your measures were submitted for review."))
    return redirect("certification:organisation", pk=certification.organisation_id)


@login_required
@require_POST
def answer(request, pk: int, comment_pk: int):
    certification = _get_certification_for_user(request, pk, "certification.submit")
    comment = certification.comments.filter(pk=comment_pk).first()
    if comment is None:
        raise Http404
    form = forms.AnswerForm(request.POST, prefix=f"c{comment.pk}")
    if not form.is_valid():
        messages.error(request, _("Write an answer of at most 4000 characters."))
    else:
        try:
            services.answer_comment(comment=comment, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Your answer was saved. Balansekunst reads it in the review."))
    return redirect("certification:organisation", pk=certification.organisation_id)
