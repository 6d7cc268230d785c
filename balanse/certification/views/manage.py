"""The operator's page of one certification: its summary, the forms of the steps it may take next, the review,
and awarding the mark."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import Application, Certification
from balanse.certification.requirements import all_complete, get_requirements, requirements_and_checklist
from balanse.certification.views.common import (
    _get_certification_for_user,
    history_page,
    latest_history,
    requirement_rows,
    show_error,
)
from balanse.core.audit import latest_entries_for
from balanse.core.dates import format_time

S = Certification.State
# How many of the latest entries of the audit log the page shows.
AUDIT_ROWS = 20


def _application(certification: Certification) -> Application | None:
    try:
        return certification.application  # read along with the certification (select_related)
    except Application.DoesNotExist:
        return None


# The states whose page shows the measures (the list, the checklist, the review, the submission, renewal);
# in the others the measures and their comments are not read.
SHOWS_MEASURES = (S.MEASURES, S.IN_REVIEW, S.FOLLOW_UP)
# The states whose page shows the guidance meetings.
SHOWS_MEETINGS = (S.COURSE, S.MEASURES, S.FOLLOW_UP)
# The forms of the steps each state's page offers (manage.html shows no other); beside them, starting again
# (`confirm_form`) and withdrawing (`withdraw_form`) where the state allows it. Only these are made.
FORMS_SHOWN = {
    S.APPLIED: ("course_form",),
    S.COURSE: ("course_form", "held_form", "meeting_form"),
    S.MEASURES: ("checklist_form", "meeting_form"),
    S.IN_REVIEW: ("review_form",),
    S.CERTIFIED: ("follow_up_form",),
    S.FOLLOW_UP: ("checklist_form", "meeting_form", "renew_form"),
}


def _step_forms(certification, course, requirements, checklist, allowed) -> dict:
    """The unbound forms of the steps the page offers, by their name in the template."""
    version = {"version": certification.version}
    makers = {
        "course_form": lambda: forms.CourseForm(
            prefix="course",
            initial=version
            | (
                {
                    k: getattr(course, k)
                    for k in ("date", "place", "video_link", "facilitator", "participants")
                }
                if course and certification.state == S.COURSE
                else {}
            ),
        ),
        "held_form": lambda: forms.CourseHeldForm(
            prefix="held", initial=version | {"participants": course.participants if course else None}
        ),
        "meeting_form": lambda: forms.MeetingForm(prefix="meeting", initial={"date": timezone.localdate()}),
        "checklist_form": lambda: forms.ChecklistForm(
            prefix="checklist", initial=version, items=checklist or []
        ),
        "review_form": lambda: forms.ReviewForm(
            prefix="review",
            initial=version,
            requirements=requirements,
            drafts=queries.review_drafts(certification) if certification.state == S.IN_REVIEW else {},
        ),
        "follow_up_form": lambda: forms.FollowUpForm(
            prefix="follow_up", initial=version | {"date": timezone.localdate()}
        ),
        "renew_form": lambda: forms.RenewForm(prefix="renew", initial=version),
        "withdraw_form": lambda: forms.WithdrawForm(prefix="withdraw", initial=version),
        "confirm_form": lambda: forms.ConfirmForm(prefix="confirm", initial=version),
    }
    shown = list(FORMS_SHOWN.get(certification.state, ()))
    if S.APPLIED in allowed:
        shown.append("confirm_form")
    if S.WITHDRAWN in allowed:
        shown.append("withdraw_form")
    return {name: makers[name]() for name in shown}


def _manage_context(request, certification, **forms_override):
    if certification.state in SHOWS_MEASURES:
        requirements, checklist = requirements_and_checklist(certification)
        comments = queries.cycle_comments(certification)
    else:
        requirements, checklist, comments = [], None, []
    course = queries.first_course(certification)
    allowed = services.allowed_next(certification)
    context = {
        "certification": certification,
        "organisation": certification.organisation,
        "requirements": requirements,
        "all_complete": all_complete(requirements),
        "uses_checklist": checklist is not None,
        "course": course,
        "meetings": queries.meetings_of(certification) if certification.state in SHOWS_MEETINGS else [],
        "comments": comments,
        "requirement_rows": requirement_rows(requirements, comments),
        # The latest changes, with a link to the whole history when there are more.
        **latest_history(certification, reverse("certification:history", args=[certification.pk])),
        # Periods come with the award (and its certificate number).
        "periods": queries.periods_of(certification) if certification.certificate_number else [],
        "audit": latest_entries_for(certification, AUDIT_ROWS),
        "allowed": allowed,
        "application": _application(certification),
        "S": S,
    }
    context.update(_step_forms(certification, course, requirements, checklist, allowed))
    context.update(forms_override)
    review_form = context.get("review_form")
    context["review_rows"] = review_form.rows(requirements, comments) if review_form is not None else []
    return context


@login_required
def manage(request, pk: int):
    certification = _get_certification_for_user(request, pk, "certification.manage")
    return render(request, "certification/manage.html", _manage_context(request, certification))


@login_required
def history(request, pk: int):
    """The whole history of a certification, the latest change first, a page at a time."""
    certification = _get_certification_for_user(request, pk, "certification.manage")
    return history_page(request, certification, back_url=reverse("certification:manage", args=[pk]))


def _run_step(request, certification, step: str, form):
    """Hand a valid form to the service for `step`. Returns a success message."""
    data = form.cleaned_data
    version = data.get("version") or ""
    by = request.user
    if step == "book":
        services.book_course(
            certification=certification,
            by=by,
            version=version,
            **{k: data[k] for k in ("date", "place", "video_link", "facilitator", "participants")},
        )
        return _("The course was booked.")
    if step == "edit_course":
        services.update_course_booking(certification=certification, by=by, data=data, version=version)
        return _("The course was updated.")
    if step == "held":
        services.mark_course_held(
            certification=certification, by=by, participants=data["participants"], version=version
        )
        return _("The course is recorded as held. The organisation now works on its measures.")
    if step == "meeting":
        services.log_guidance_meeting(certification=certification, by=by, **data)
        return _("The guidance meeting was logged.")
    if step == "checklist":
        services.update_checklist(
            certification=certification, by=by, complete=form.complete(), notes=form.notes(), version=version
        )
        return _("The checklist was saved.")
    if step == "review":
        services.send_back(certification=certification, by=by, comments=form.comments(), version=version)
        return _("The measures were sent back to the organisation with your comments.")
    if step == "follow_up":
        services.start_follow_up(
            certification=certification, by=by, date=data["date"], notes=data["notes"], version=version
        )
        return _("The follow-up has started. The new plan is a copy of last year's.")
    if step == "renew":
        services.renew(
            certification=certification, decided_by=by, valid_from=data.get("valid_from"), version=version
        )
        return _("The mark was renewed for another year.")
    if step == "withdraw":
        services.withdraw(certification=certification, by=by, reason=data["reason"], version=version)
        return _("The mark was withdrawn.")
    if step == "expire":
        services.expire(certification=certification, by=by, version=version)
        return _("The certification was marked as expired.")
    if step == "restart":
        services.restart(certification=certification, by=by, version=version)
        return _("A new application was started.")
    raise Http404


STEP_FORMS = {
    "book": ("course_form", forms.CourseForm),
    "edit_course": ("course_form", forms.CourseForm),
    "held": ("held_form", forms.CourseHeldForm),
    "meeting": ("meeting_form", forms.MeetingForm),
    "checklist": ("checklist_form", forms.ChecklistForm),
    "review": ("review_form", forms.ReviewForm),
    "follow_up": ("follow_up_form", forms.FollowUpForm),
    "renew": ("renew_form", forms.RenewForm),
    "withdraw": ("withdraw_form", forms.WithdrawForm),
    "expire": ("confirm_form", forms.ConfirmForm),
    "restart": ("confirm_form", forms.ConfirmForm),
}


@login_required
@require_POST
def act(request, pk: int, step: str):
    certification = _get_certification_for_user(request, pk, "certification.manage")
    if step not in STEP_FORMS:
        raise Http404
    name, form_class = STEP_FORMS[step]
    kwargs = {}
    if form_class is forms.ReviewForm:
        kwargs["requirements"] = get_requirements(certification)
    form = form_class(request.POST, prefix=name.removesuffix("_form"), **kwargs)
    if form.is_valid() and step == "review" and request.POST.get("decision") in ("draft", "award"):
        # Keep the comments typed so far; "Award the mark" first asks for confirmation on its own page.
        try:
            services.save_review_draft(certification=certification, by=request.user, comments=form.comments())
        except ValidationError as exc:
            show_error(request, exc)
            return redirect("certification:manage", pk=certification.pk)
        if request.POST.get("decision") == "award":
            return redirect("certification:award", pk=certification.pk)
        messages.success(request, _("Your comments were kept as a draft."))
        return redirect(reverse("certification:manage", args=[certification.pk]) + "#review-heading")
    if form.is_valid():
        try:
            message = _run_step(request, certification, step, form)
        except ValidationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, message)
            latest = Certification.objects.latest_for(certification.organisation)
            return redirect("certification:manage", pk=latest.pk)
    else:
        messages.error(request, _("Check the form: something is missing or wrong."))
    certification.refresh_from_db()
    # Keep what the person typed, with the current version so that a corrected form can be sent.
    prefix = name.removesuffix("_form")
    data = request.POST.copy()
    data[f"{prefix}-version"] = certification.version
    form = form_class(data, prefix=prefix, **kwargs)
    form.is_valid()
    # Keep what the person typed: show the page again with the bound form.
    context = _manage_context(request, certification, **{name: form})
    return render(request, "certification/manage.html", context, status=400)


@login_required
def review_draft(request, pk: int):
    """Keeps the review comments as a draft while the operator types (htmx, on input). Answers with a short
    status the page announces."""
    certification = _get_certification_for_user(request, pk, "certification.manage")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.ReviewForm(request.POST, prefix="review", requirements=get_requirements(certification))
    if not form.is_valid():
        return HttpResponse(_("The draft was not saved: a comment is too long."), status=400)
    try:
        services.save_review_draft(certification=certification, by=request.user, comments=form.comments())
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=409)
    return HttpResponse(_("Draft saved %(time)s.") % {"time": format_time(timezone.now())})


@login_required
def award(request, pk: int):
    """'Award the mark' asks for confirmation, showing what will be published in the registry."""
    certification = _get_certification_for_user(request, pk, "certification.manage")
    if certification.state != S.IN_REVIEW:
        messages.error(request, _("Only a submission in review can be awarded the mark."))
        return redirect("certification:manage", pk=certification.pk)
    form = forms.AwardForm(request.POST or None, initial={"version": certification.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.award_mark(
                    certification=certification,
                    decided_by=request.user,
                    valid_from=form.cleaned_data.get("valid_from"),
                    version=form.cleaned_data.get("version") or "",
                )
            except ValidationError as exc:
                show_error(request, exc)
                status = 400
            else:
                certification.refresh_from_db()
                messages.success(
                    request,
                    _("Balansemerket was awarded. Certificate number: %(number)s.")
                    % {"number": certification.certificate_number},
                )
                return redirect("certification:manage", pk=certification.pk)
        else:
            status = 400
    valid_from = (form.cleaned_data.get("valid_from") if form.is_bound and form.is_valid() else None) or (
        timezone.localdate()
    )
    number = certification.certificate_number or services.next_certificate_number(valid_from)
    return render(
        request,
        "certification/award.html",
        {
            "certification": certification,
            "organisation": certification.organisation,
            "form": form,
            "number": number,
            "valid_from": valid_from,
            "valid_until": services.period_end(valid_from),
            "verify_url": request.build_absolute_uri(reverse("certification:verify", args=[number])),
            "open_drafts": queries.review_drafts(certification),
        },
        status=status,
    )
