from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import (
    Application,
    Certification,
    MarkRequest,
    Period,
    SchemeSettings,
    YearTarget,
)
from balanse.certification.requirements import all_complete, get_requirements, uses_checklist
from balanse.certification.signals import course_status_requested
from balanse.core.audit import entries_for
from balanse.core.dates import format_time
from balanse.core.numbers import parse_ascii_int
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


def _course_status(organisation):
    return first_answer(course_status_requested, organisation=organisation)


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# The organisation admin.


@login_required
def organisation_page(request, pk: int, application_form=None, status=200):
    organisation = get_object_with_perm(request, Organisation, "certification.view_for_organisation", pk=pk)
    certification = Certification.objects.latest_for(organisation)
    context = {"organisation": organisation, "certification": certification}
    if certification is not None:
        requirements = get_requirements(certification)
        unsettled = queries.open_comments(certification, requirements)
        for comment in unsettled:
            comment.answer_form = forms.AnswerForm(prefix=f"c{comment.pk}")
        must_change = {c.requirement_key for c in unsettled}
        context |= {
            "steps": _steps(certification.state),
            "next_step": NEXT_STEP[certification.state],
            "requirements": requirements,
            "missing": [r for r in requirements if not r.complete and r.key not in must_change],
            "open_comments": unsettled,
            "must_change": must_change,
            "may_answer": certification.state in (S.MEASURES, S.FOLLOW_UP)
            and request.user.has_perm("certification.submit", certification),
            "can_submit": certification.state == S.MEASURES
            and all_complete(requirements)
            and not unsettled
            and request.user.has_perm("certification.submit", certification),
            "course": certification.courses.first(),
            "course_status": _course_status(organisation),
            "meetings": certification.meetings.filter(cycle=certification.cycle),
            "comments": queries.comments_for(certification),
            "history": queries.history_for(certification),
            "periods": certification.periods.all(),
            "submit_form": forms.ConfirmForm(initial={"version": certification.version}),
            "status": certification.public_status(),
        }
    context["can_apply"] = (
        certification is None or certification.state in (S.EXPIRED, S.WITHDRAWN)
    ) and request.user.has_perm("certification.apply", organisation)
    context["response_time"] = SchemeSettings.current().response_time
    if context["can_apply"]:
        context["application_form"] = application_form or forms.ApplicationForm(
            initial={"contact_name": request.user.full_name, "contact_email": request.user.email}
        )
    return render(request, "certification/organisation.html", context, status=status)


@login_required
@require_POST
def apply(request, pk: int):
    organisation = get_object_with_perm(request, Organisation, "certification.apply", pk=pk)
    form = forms.ApplicationForm(request.POST)
    if not form.is_valid():
        return organisation_page(request, pk, application_form=form, status=400)
    try:
        services.apply(organisation=organisation, by=request.user, application=form.cleaned_data)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Thank you! Your application for Balansemerket has been received."))
    return redirect("certification:organisation", pk=organisation.pk)


@login_required
@require_POST
def submit(request, pk: int):
    certification = get_object_with_perm(request, Certification, "certification.submit", pk=pk)
    form = forms.ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.submit_for_review(
            certification=certification, by=request.user, version=form.cleaned_data.get("version") or ""
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your measures were submitted for review."))
    return redirect("certification:organisation", pk=certification.organisation_id)


@login_required
@require_POST
def answer(request, pk: int, comment_pk: int):
    certification = get_object_with_perm(request, Certification, "certification.submit", pk=pk)
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
            _error(request, exc)
        else:
            messages.success(request, _("Your answer was saved. Balansekunst reads it in the review."))
    return redirect("certification:organisation", pk=certification.organisation_id)


# The operator.

LIST_LIMIT = 50


@login_required
def dashboard(request):
    require_perm(request, "certification.view_dashboard")
    year = timezone.localdate().year
    year = parse_ascii_int(request.GET.get("ar", ""), low=2000, high=2100) or year
    target = YearTarget.objects.filter(year=year).first()
    status = request.GET.get("status", "")
    if status in S.values:
        # A pipeline number opens the list of the organisations it counts (their latest certification).
        ongoing = queries.latest_certifications().filter(state=status)
    else:
        status = ""
        ongoing = Certification.objects.exclude(state__in=[S.EXPIRED, S.WITHDRAWN])
    ongoing = ongoing.select_related("organisation").order_by("organisation__name", "pk")
    now = timezone.now()
    queue = [
        {"certification": c, "since": c.waiting_since, "days": (now - c.waiting_since).days}
        for c in queries.review_queue()[:LIST_LIMIT]
    ]
    stuck = [
        {"certification": c, "holder": queries.HOLDER.get(c.state), "days": (now - c.state_changed_at).days}
        for c in queries.stuck(90)[:LIST_LIMIT]
    ]
    return render(
        request,
        "certification/dashboard.html",
        {
            "pipeline": queries.pipeline_counts(),
            "expiring": queries.expiring_within(60)[:LIST_LIMIT],
            "expiring_total": queries.expiring_within(60).count(),
            "stuck": stuck,
            "queue": queue,
            "status": status,
            "status_label": S(status).label if status else "",
            "stuck_total": queries.stuck(90).count(),
            "year": year,
            "target": target,
            "figures": queries.year_figures(year),
            "target_form": forms.TargetForm(
                initial={"year": year, "target": target.target if target else None}
            ),
            # The other years with a target (the shown year is the heading, not a choice).
            "years": list(YearTarget.objects.exclude(year=year).values_list("year", flat=True)),
            "ongoing": Paginator(ongoing, 50).get_page(request.GET.get("side")),
            "mark_requests": MarkRequest.objects.filter(state=MarkRequest.State.NEW)[:LIST_LIMIT],
            "response_time_form": forms.ResponseTimeForm(instance=SchemeSettings.current()),
            "query": f"ar={year}" + (f"&status={status}" if status else ""),
        },
    )


@login_required
@require_POST
def set_target(request):
    require_perm(request, "certification.set_target")
    form = forms.TargetForm(request.POST)
    if form.is_valid():
        services.set_year_target(by=request.user, **form.cleaned_data)
        messages.success(request, _("The target was saved."))
        return redirect(f"{_dashboard_url()}?ar={form.cleaned_data['year']}")
    messages.error(request, _("Give a year and a target of zero or more."))
    return redirect("certification:dashboard")


def _dashboard_url():
    from django.urls import reverse

    return reverse("certification:dashboard")


def _manage_context(request, certification, **forms_override):
    requirements = get_requirements(certification)
    comments = list(queries.comments_for(certification))
    version = {"version": certification.version}
    course = certification.courses.first()
    context = {
        "certification": certification,
        "organisation": certification.organisation,
        "requirements": requirements,
        "all_complete": all_complete(requirements),
        "uses_checklist": uses_checklist(certification),
        "course": course,
        "meetings": certification.meetings.filter(cycle=certification.cycle),
        "comments": comments,
        "history": queries.history_for(certification),
        "periods": certification.periods.all(),
        "audit": entries_for(certification)[:20],
        "allowed": services.allowed_next(certification),
        "course_form": forms.CourseForm(
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
        "held_form": forms.CourseHeldForm(
            prefix="held", initial=version | {"participants": course.participants if course else None}
        ),
        "meeting_form": forms.MeetingForm(prefix="meeting", initial={"date": timezone.localdate()}),
        "checklist_form": forms.ChecklistForm(
            prefix="checklist", initial=version, items=queries.checklist_for(certification)
        ),
        "review_form": forms.ReviewForm(
            prefix="review",
            initial=version,
            requirements=requirements,
            drafts=queries.review_drafts(certification) if certification.state == S.IN_REVIEW else {},
        ),
        "follow_up_form": forms.FollowUpForm(
            prefix="follow_up", initial=version | {"date": timezone.localdate()}
        ),
        "renew_form": forms.RenewForm(prefix="renew", initial=version),
        "withdraw_form": forms.WithdrawForm(prefix="withdraw", initial=version),
        "confirm_form": forms.ConfirmForm(prefix="confirm", initial=version),
        "application": Application.objects.filter(certification=certification).first(),
        "S": S,
    }
    context.update(forms_override)
    context["review_rows"] = context["review_form"].rows(requirements, comments)
    return context


@login_required
def manage(request, pk: int):
    certification = get_object_with_perm(
        request, Certification.objects.select_related("organisation"), "certification.manage", pk=pk
    )
    return render(request, "certification/manage.html", _manage_context(request, certification))


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
    certification = get_object_with_perm(
        request, Certification.objects.select_related("organisation"), "certification.manage", pk=pk
    )
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
            _error(request, exc)
            return redirect("certification:manage", pk=certification.pk)
        if request.POST.get("decision") == "award":
            return redirect("certification:award", pk=certification.pk)
        messages.success(request, _("Your comments were kept as a draft."))
        return redirect(reverse("certification:manage", args=[certification.pk]) + "#review-heading")
    if form.is_valid():
        try:
            message = _run_step(request, certification, step, form)
        except ValidationError as exc:
            _error(request, exc)
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
    certification = get_object_with_perm(request, Certification, "certification.manage", pk=pk)
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
    certification = get_object_with_perm(
        request, Certification.objects.select_related("organisation"), "certification.manage", pk=pk
    )
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
                _error(request, exc)
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


# The public.


def registry(request):
    form = forms.RegistryFilterForm(request.GET or None, municipalities=queries.registry_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    marks = queries.registry(
        q=filters.get("q", ""), field=filters.get("field", ""), municipality=filters.get("municipality", "")
    )
    page = Paginator(marks, 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "certification/registry.html",
        {"form": form, "page": page, "total": page.paginator.count, "query": query.urlencode()},
    )


def verify(request, certificate_number: str):
    """The public page of one mark. The number is found whatever its case (people type it from a diploma);
    an address in another case redirects to the page's own address. An unknown number says so, with a
    link to the registry, instead of the generic "page not found"."""
    number = certificate_number.strip()
    certification = (
        Certification.objects.filter(certificate_number__iexact=number)
        .exclude(certificate_number="")
        .select_related("organisation")
        .first()
    )
    if certification is None:
        return render(request, "certification/verify_unknown.html", {"number": number[:40]}, status=404)
    if certification.certificate_number != certificate_number:
        return redirect("certification:verify", certificate_number=certification.certificate_number)
    period: Period | None = certification.periods.order_by("-valid_from").first()
    today: date = timezone.localdate()
    return render(
        request,
        "certification/verify.html",
        {
            "certification": certification,
            "organisation": certification.organisation,
            "status": certification.public_status(today),
            "period": period,
            "first_awarded": certification.periods.order_by("valid_from").first(),
        },
    )
