"""The learner's pages: the list of courses, a course, its steps and the course certificate. The step page's
context is shared with the operator's preview (operator.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link, with_perm
from balanse.course import queries, services, translations
from balanse.course.certificate import render_certificate
from balanse.course.forms import ReflectionForm
from balanse.course.models import Course, CourseVersion, Enrollment, StepKind
from balanse.course.queries import CourseProgress
from balanse.course.vtt import parse_vtt


def _get_course_for_user(request, slug: str) -> tuple[Course, CourseVersion]:
    """The course the learner may take, with its published version (404 when nothing is published)."""
    course = with_perm(request, queries.course_by_slug(slug), "course.take_course")
    version = queries.published_version(course)
    if version is None:
        raise Http404
    return course, version


def learner_progress(request, course: Course, version: CourseVersion) -> CourseProgress:
    """The learner's progress, with the default course's texts in the page's language where we ship them. Each
    step has its address (`url`) and its kind's name in the page's language (`kind_label`, as
    `get_kind_display`), made once for the list rather than by the template for every step."""
    progress = queries.course_progress(request.user, version)
    translations.translate_progress(progress, course.slug)
    link = row_link("course:step", key="key", slug=course.slug)
    for step in progress.steps:
        step.url = link(step.key)
        step.kind_label = choice_label(StepKind, step.kind)
    return progress


def find_step(progress: CourseProgress, key: str):
    step = next((s for s in progress.steps if s.key == key), None)
    if step is None:
        raise Http404
    return step


@login_required
def my_courses(request):
    enrollments = queries.learner_enrollments(request.user)
    if len({e.course_id for e in enrollments}) == 1:
        return redirect("course:learner_course", slug=enrollments[0].course.slug)
    for enrollment in enrollments:
        translations.translate_course(enrollment.course)
    return render(request, "course/my_courses.html", {"enrollments": enrollments})


@login_required
def learner_course(request, slug: str):
    course, version = _get_course_for_user(request, slug)
    progress = learner_progress(request, course, version)
    offers = queries.meeting_offers(request.user, course)
    return render(
        request,
        "course/course.html",
        {"course": course, "version": version, "progress": progress, "offers": offers},
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_view(request, slug: str, key: str):
    course, version = _get_course_for_user(request, slug)
    progress = learner_progress(request, course, version)
    step = find_step(progress, key)
    context = {"course": course, "progress": progress, "step": step, "preview": False}
    if step.kind == StepKind.TEXT and not step.is_done:
        services.complete_step(user=request.user, course=course, step=step)
        step.is_done = True
    if request.method == "POST":
        response = _handle_step_post(request, course, step, context)
        if response is not None:
            return response
    prepare_step_context(request, step, context)
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


def prepare_step_context(request, step, context):
    if step.kind == StepKind.VIDEO:
        context["cues"] = parse_vtt(step.data.get("captions", ""))
        context["captions_language"] = (
            "nb" if context["preview"] else translations.captions_language(step, context["course"].slug)
        )
        if step.video_file:
            context["video_src"] = (
                reverse("course:operator_video", args=[context["course"].slug, step.pk])
                if context["preview"]
                else reverse("course:video", args=[context["course"].slug, step.key])
            )
        else:
            context["video_src"] = step.data.get("url", "")
        context["embed"] = bool(step.video_file) or _allowed_media(context["video_src"])
    elif step.kind == StepKind.REFLECTION and "reflection_form" not in context:
        saved = (
            queries.saved_reflection(request.user, context["course"].pk, step.key)
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
    if not url:
        return False
    if url.startswith("/"):
        return True
    return any(url.startswith(origin.rstrip("/") + "/") for origin in settings.COURSE_MEDIA_ORIGINS)


@login_required
@require_GET
def certificate(request, slug: str):
    course, version = _get_course_for_user(request, slug)
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
