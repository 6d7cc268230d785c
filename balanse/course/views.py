from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.core.views_helpers import base_url, get_object_with_perm
from balanse.course import invitation_links, join_codes, queries, services, translations
from balanse.course.forms import InviteLearnersForm, JoinCodeForm, JoinForm, LearnerNameForm, ReflectionForm
from balanse.course.models import Course, CourseOffer, Enrollment, Reflection, StepKind
from balanse.course.vtt import parse_vtt
from balanse.organisations import services as org_services
from balanse.organisations.models import Organisation

# ---------------------------------------------------------------- learners


def _course_for_learner(request, slug: str):
    course = get_object_with_perm(request, Course, "course.take_course", slug=slug)
    version = queries.published_version(course)
    if version is None:
        raise Http404
    return course, version


def _learner_progress(request, course, version):
    """The learner's progress, with the default course's texts in the page's language where we ship them."""
    progress = queries.course_progress(request.user, version)
    translations.translate_progress(progress, course.slug)
    return progress


@login_required
def my_courses(request):
    enrollments = list(
        Enrollment.objects.filter(user=request.user)
        .select_related("course", "organisation")
        .order_by("course__title")
    )
    if len({e.course_id for e in enrollments}) == 1:
        return redirect("course:learner_course", slug=enrollments[0].course.slug)
    for enrollment in enrollments:
        translations.translate_course(enrollment.course)
    return render(request, "course/my_courses.html", {"enrollments": enrollments})


@login_required
def learner_course(request, slug: str):
    course, version = _course_for_learner(request, slug)
    progress = _learner_progress(request, course, version)
    offers = list(
        CourseOffer.objects.filter(
            course=course, organisation__course_enrollments__user=request.user, meeting_at__isnull=False
        )
        .select_related("organisation")
        .distinct()
    )
    return render(
        request,
        "course/course.html",
        {"course": course, "version": version, "progress": progress, "offers": offers},
    )


def _find_step(progress, key: str):
    step = next((s for s in progress.steps if s.key == key), None)
    if step is None:
        raise Http404
    return step


@login_required
@require_http_methods(["GET", "POST"])
def step_view(request, slug: str, key: str):
    course, version = _course_for_learner(request, slug)
    progress = _learner_progress(request, course, version)
    step = _find_step(progress, key)
    context = {"course": course, "progress": progress, "step": step, "preview": False}
    if step.kind == StepKind.TEXT and not step.is_done:
        services.complete_step(user=request.user, course=course, step=step)
        step.is_done = True
    if request.method == "POST":
        response = _handle_step_post(request, course, step, context)
        if response is not None:
            return response
    _prepare_step_context(request, step, context)
    return render(request, "course/step.html", context)


def _handle_step_post(request, course, step, context):
    if step.kind == StepKind.VIDEO:
        services.complete_step(user=request.user, course=course, step=step)
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=204)
        step.is_done = True
        context["show_transcript"] = True
        return None
    if step.kind == StepKind.QUIZ:
        answers = {q["key"]: request.POST.getlist(q["key"]) for q in step.data.get("questions", [])}
        if not any(answers.values()):
            context["quiz_error"] = _("Choose an answer before you check it.")
            context["answers"] = answers
            return None
        results = services.submit_quiz(user=request.user, course=course, step=step, answers=answers)
        outcome = services.quiz_outcome(step=step, results=results)
        context["quiz_results"] = results
        context["quiz_outcome"] = outcome
        context["answers"] = answers
        step.is_done = step.is_done or outcome["passed"]
        return None
    if step.kind == StepKind.REFLECTION:
        form = ReflectionForm(request.POST)
        if form.is_valid():
            services.save_reflection(
                user=request.user, course=course, step=step, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Your reflection was saved. Only you can read it."))
            return redirect("course:step", slug=course.slug, key=step.key)
        context["reflection_form"] = form
        return None
    if step.kind == StepKind.CASE:
        try:
            choice, following = services.choose_in_case(
                user=request.user,
                course=course,
                step=step,
                node_key=request.POST.get("node", ""),
                choice_key=request.POST.get("choice", ""),
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("course:step", slug=course.slug, key=step.key)
        request.session[f"case-feedback-{step.pk}"] = choice.get("feedback", "")
        url = reverse("course:step", args=[course.slug, step.key]) + f"?node={following['key']}#case"
        return redirect(url)
    raise Http404


def _prepare_step_context(request, step, context):
    if step.kind == StepKind.VIDEO:
        context["cues"] = parse_vtt(step.data.get("captions", ""))
        context["captions_language"] = (
            "nb" if context["preview"] else translations.captions_language(step, context["course"].slug)
        )
        if step.video_file:
            context["video_src"] = (
                reverse("course:staff_video", args=[context["course"].slug, step.pk])
                if context["preview"]
                else reverse("course:video", args=[context["course"].slug, step.key])
            )
        else:
            context["video_src"] = step.data.get("url", "")
        context["embed"] = bool(step.video_file) or _allowed_media(context["video_src"])
    elif step.kind == StepKind.REFLECTION and "reflection_form" not in context:
        saved = (
            Reflection.objects.filter(
                user=request.user, course_id=context["course"].pk, step_key=step.key
            ).first()
            if not context["preview"]
            else None
        )
        context["reflection_form"] = ReflectionForm(initial={"text": saved.text if saved else ""})
        context["reflection_saved"] = saved
    elif step.kind == StepKind.CASE:
        node = services.case_node(step, request.GET.get("node"))
        if node is None:
            node = services.case_node(step, None)
        context["node"] = node
        context["case_feedback"] = (
            request.session.pop(f"case-feedback-{step.pk}", "") if not context["preview"] else ""
        )
        context["at_start"] = node and node["key"] == step.data.get("start")
    context["previous_step"], context["next_step"] = context["progress"].neighbours(step)


def _allowed_media(url: str) -> bool:
    from django.conf import settings

    if not url:
        return False
    if url.startswith("/"):
        return True
    return any(url.startswith(origin.rstrip("/") + "/") for origin in settings.COURSE_MEDIA_ORIGINS)


@login_required
@require_GET
def captions(request, slug: str, key: str):
    course, version = _course_for_learner(request, slug)
    step = _find_step(_learner_progress(request, course, version), key)
    return HttpResponse(step.data.get("captions", ""), content_type="text/vtt; charset=utf-8")


@login_required
@require_GET
def video(request, slug: str, key: str):
    from balanse.course.media import serve_video

    course, version = _course_for_learner(request, slug)
    step = _find_step(queries.course_progress(request.user, version), key)
    if not step.video_file:
        raise Http404
    return serve_video(request, step.video_file)


@login_required
@require_GET
def certificate(request, slug: str):
    from balanse.course.certificate import render_certificate

    course, version = _course_for_learner(request, slug)
    enrollment = (
        Enrollment.objects.filter(user=request.user, course=course, completed_at__isnull=False)
        .select_related("organisation")
        .order_by("completed_at")
        .first()
    )
    if enrollment is None:
        messages.error(request, _("The certificate is ready when you have completed every module."))
        return redirect("course:learner_course", slug=course.slug)
    pdf = render_certificate(enrollment=enrollment, version=version, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kursbevis-{course.slug}.pdf"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def join(request, token: str):
    """The organisation's join link. A logged-in person joins with one click. Anyone else gives a name and
    an address and gets a code by e-mail; nothing is created until the code is confirmed (join_confirm)."""
    offer = services.get_join_offer(token)
    if offer is None:
        return render(request, "course/join_closed.html", status=410)
    if request.user.is_authenticated:
        # An account without a name gives one (the organisation's list of learners shows it).
        name_form = None if request.user.full_name else LearnerNameForm(request.POST or None)
        if request.method == "POST" and (name_form is None or name_form.is_valid()):
            full_name = name_form.cleaned_data["full_name"] if name_form else request.user.full_name
            services.join_with_link(offer=offer, email=request.user.email, full_name=full_name)
            return redirect("course:learner_course", slug=offer.course.slug)
        translations.translate_course(offer.course)
        status = 400 if request.method == "POST" else 200
        context = {"offer": offer, "form": None, "name_form": name_form}
        return render(request, "course/join.html", context, status=status)
    translations.translate_course(offer.course)  # the page and the e-mailed code, in the page's language
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.consume(request, action="request_login_code", key=email):
            code = services.new_join_code()
            join_codes.start(
                request, offer_pk=offer.pk, email=email, full_name=form.cleaned_data["full_name"], code=code
            )
            services.send_join_code(offer=offer, email=email, code=code, language=request.LANGUAGE_CODE)
            return redirect("course:join_confirm", token=token)
        form.add_error(
            "email", _("Several codes were sent to this address just now. Wait a minute and try again.")
        )
        status = 429
    elif request.method == "POST":
        status = 400
    return render(request, "course/join.html", {"offer": offer, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def join_confirm(request, token: str):
    """Type the e-mailed code. A right code enrols the person as a learner (never a member). A new address
    gets its account and is logged in; an address that already has an account is enrolled and then logs in
    the way it usually does (a link never starts a session for an existing account)."""
    offer = services.get_join_offer(token)
    if offer is None:
        join_codes.clear(request)
        return render(request, "course/join_closed.html", status=410)
    pending = join_codes.pending_for(request, offer.pk)
    if pending is None:
        if request.method == "POST":
            messages.error(request, _("The code has expired or was typed wrong too many times. Start again."))
        return redirect("course:join", token=token)
    form = JoinCodeForm(request.POST or None)
    context = {
        "offer": offer,
        "form": form,
        "email": pending.email,
        "start_url": reverse("course:join", args=[token]),
    }
    if request.method != "POST":
        return _render_join_code(request, context)
    if not form.is_valid():
        return _render_join_code(request, context, status=400)
    if not join_codes.check(request, pending, form.cleaned_data["code"]):
        if pending.attempts_left <= 0:
            messages.error(request, _("The code was typed wrong too many times. Start again."))
            return redirect("course:join", token=token)
        form.add_error(
            "code",
            ngettext(
                "The code is not right. You can try %(count)s more time.",
                "The code is not right. You can try %(count)s more times.",
                pending.attempts_left,
            )
            % {"count": pending.attempts_left},
        )
        return _render_join_code(request, context, status=400)
    _enrollment, person = services.join_with_link(
        offer=offer, email=pending.email, full_name=pending.full_name, email_verified=True
    )
    course_url = reverse("course:learner_course", args=[offer.course.slug])
    if person.created and org_services.may_be_logged_in_by_link(person.user):
        login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to the course! Next time, log in with a code sent to %(email)s.")
            % {"email": pending.email},
        )
        return redirect(course_url)
    messages.success(request, _("You have joined the course. Log in the way you usually do to start it."))
    return redirect(reverse("account_login") + "?" + urlencode({"next": course_url}, safe="/"))


def _render_join_code(request, context, status=200):
    translations.translate_course(context["offer"].course)
    return render(request, "course/join_code.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_link(request, token: str):
    """The link in a course invitation. Opening it shows a button (so that a mail scanner that follows
    links uses nothing up); the button logs a new learner in and opens the course. A link that cannot log
    in (used before, an existing account) offers the log-in by e-mailed code with the address filled in."""
    check = invitation_links.check_token(token)
    if check.user is None:
        return render(request, "course/invitation_link.html", {"invalid": True}, status=410)
    course_url = reverse("course:learner_course", args=[check.course_slug])
    if request.user.is_authenticated and request.user.pk == check.user.pk:
        return redirect(course_url)
    course = get_object_or_404(Course, slug=check.course_slug)
    # A learner invited by address has no name yet: asked for here, since the organisation's list shows it.
    form = LearnerNameForm(request.POST or None) if check.may_log_in and not check.user.full_name else None
    if request.method == "POST" and check.may_log_in and (form is None or form.is_valid()):
        if request.user.is_authenticated:
            logout(request)
        services.log_in_by_invitation(
            user=check.user, course_slug=course.slug, full_name=form.cleaned_data["full_name"] if form else ""
        )
        login(request, check.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to the course! Next time, log in with a code sent to %(email)s.")
            % {"email": check.user.email},
        )
        return redirect(course_url)
    translations.translate_course(course)
    context = {
        "course": course,
        "email": check.user.email,
        "may_log_in": check.may_log_in,
        "next": course_url,
        "other_account": request.user.is_authenticated,
        "form": form,
    }
    status = 400 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, "course/invitation_link.html", context, status=status)


# ---------------------------------------------------------------- organisation admins


def _org_course(request, pk: int, slug: str):
    organisation = get_object_with_perm(request, Organisation, "course.manage_learners", pk=pk)
    course = get_object_or_404(Course, slug=slug)
    return organisation, course


@login_required
def organisation_course(request, pk: int, slug: str):
    organisation, course = _org_course(request, pk, slug)
    offer = CourseOffer.objects.filter(organisation=organisation, course=course).first()
    return render(
        request,
        "course/organisation_course.html",
        {
            "organisation": organisation,
            "course": course,
            "offer": offer,
            "counts": queries.organisation_counts(organisation, course),
            "learners": queries.organisation_learners(organisation, course),
            "form": InviteLearnersForm(),
            "join_url": request.build_absolute_uri(reverse("course:join", args=[offer.join_token]))
            if offer
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_learners(request, pk: int, slug: str):
    organisation, course = _org_course(request, pk, slug)
    form = InviteLearnersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        emails = form.cleaned_data["emails"]
        services.invite_learners(
            organisation=organisation,
            course=course,
            emails=emails,
            by=request.user,
            base_url=base_url(request),
        )
        messages.success(request, _("%(count)s people were invited to the course.") % {"count": len(emails)})
        return redirect("course:organisation_course", pk=organisation.pk, slug=course.slug)
    return render(
        request, "course/invite.html", {"organisation": organisation, "course": course, "form": form}
    )


@login_required
@require_POST
def join_link(request, pk: int, slug: str):
    organisation, course = _org_course(request, pk, slug)
    offer = services.get_offer(organisation=organisation, course=course)
    action = request.POST.get("action")
    if action not in {"on", "off", "renew"}:
        messages.error(request, _("Choose what to do with the join link."))
    else:
        services.set_join_link(
            offer=offer, enabled=action != "off", new_token=action == "renew", by=request.user
        )
        messages.success(
            request, _("The join link is off.") if action == "off" else _("The join link is on.")
        )
    return redirect("course:organisation_course", pk=organisation.pk, slug=course.slug)
