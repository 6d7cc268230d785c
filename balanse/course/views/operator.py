"""The operator's course editor (/drift/kurs/): edit a draft of a course, preview it (with its video and
captions), publish it; schedule an organisation's follow-up meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.core.views_helpers import get_object_with_perm, require_perm
from balanse.course import queries, services
from balanse.course.forms import MeetingForm, ModuleForm, StepForm
from balanse.course.media import serve_video
from balanse.course.models import Course, CourseVersion, Module, Step
from balanse.course.queries import CourseProgress, ModuleProgress
from balanse.course.views import rows
from balanse.course.views.learner import prepare_step_context
from balanse.organisations.models import Organisation


def _get_course_for_user(request, slug: str) -> Course:
    require_perm(request, "course.manage_courses")
    course = queries.course_by_slug(slug)
    if course is None:
        raise Http404
    return course


def _draft(course: Course) -> CourseVersion | None:
    return queries.draft_version(course)


@login_required
def course_list(request):
    require_perm(request, "course.manage_courses")
    courses = Course.objects.prefetch_related("versions")
    return render(request, "course/operator/courses.html", {"courses": courses})


@login_required
def course_detail(request, slug: str):
    course = _get_course_for_user(request, slug)
    draft = _draft(course)
    published = queries.published_version(course)
    shown = draft or published
    modules = queries.outline(shown) if shown else []
    rows.step_items(course, modules, draft=draft is not None)
    return render(
        request,
        "course/operator/course.html",
        {
            "course": course,
            "draft": draft,
            "published": published,
            "modules": modules,
            "problems": services.publication_problems(draft) if draft else [],
        },
    )


@login_required
@require_POST
def start_draft(request, slug: str):
    course = _get_course_for_user(request, slug)
    services.get_or_create_draft(course=course, by=request.user)
    messages.success(
        request, _("A draft is ready. Learners keep seeing the published version until you publish.")
    )
    return redirect("course:operator_course", slug=course.slug)


@login_required
@require_POST
def publish(request, slug: str):
    course = _get_course_for_user(request, slug)
    try:
        version = services.publish_draft(course=course, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(number)s is published.") % {"number": version.number})
    return redirect("course:operator_course", slug=course.slug)


def _draft_or_redirect(request, course):
    draft = _draft(course)
    if draft is None:
        messages.error(request, _("Start a new draft before you change the course."))
    return draft


@login_required
@require_http_methods(["GET", "POST"])
def edit_module(request, slug: str, module_pk: int | None = None):
    course = _get_course_for_user(request, slug)
    draft = _draft_or_redirect(request, course)
    if draft is None:
        return redirect("course:operator_course", slug=course.slug)
    module = get_object_or_404(Module, pk=module_pk, version=draft) if module_pk else None
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_module(version=draft, by=request.user, module=module, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The module was saved."))
            return redirect("course:operator_course", slug=course.slug)
    return render(
        request,
        "course/operator/form.html",
        {"course": course, "form": form, "module": module, "what": "module"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_step(request, slug: str, module_pk: int | None = None, step_pk: int | None = None):
    course = _get_course_for_user(request, slug)
    draft = _draft_or_redirect(request, course)
    if draft is None:
        return redirect("course:operator_course", slug=course.slug)
    step = get_object_or_404(Step, pk=step_pk, module__version=draft) if step_pk else None
    module = step.module if step else get_object_or_404(Module, pk=module_pk, version=draft)
    form = StepForm(request.POST or None, request.FILES or None, instance=step)
    if request.method == "POST" and request.POST.get("action") == "delete" and step:
        services.delete_step(step=step, by=request.user)
        messages.success(request, _("The step was deleted."))
        return redirect("course:operator_course", slug=course.slug)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            services.save_step(
                module=module,
                by=request.user,
                key=fields["key"],
                kind=fields["kind"],
                title=fields["title"],
                body=fields["body"],
                data=form.step_data(),
                video_file=fields["video_file"] or None,
                position=fields["position"],
                step=step,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The step was saved."))
            return redirect("course:operator_course", slug=course.slug)
    return render(
        request,
        "course/operator/form.html",
        {"course": course, "form": form, "step": step, "module": module, "what": "step"},
    )


def _preview_progress(version: CourseVersion) -> CourseProgress:
    steps = queries.version_steps(version)
    modules: dict[int, ModuleProgress] = {}
    for s in steps:
        s.is_done = False
        modules.setdefault(s.module_id, ModuleProgress(module=s.module)).steps.append(s)
    return CourseProgress(version=version, modules=list(modules.values()), done_keys=set(), next_step=None)


@login_required
@require_GET
def preview(request, slug: str, step_pk: int):
    course = _get_course_for_user(request, slug)
    step = get_object_or_404(
        Step.objects.select_related("module__version"), pk=step_pk, module__version__course=course
    )
    progress = _preview_progress(step.module.version)
    step = next(s for s in progress.steps if s.pk == step.pk)
    context = {"course": course, "progress": progress, "step": step, "preview": True}
    prepare_step_context(request, step, context)
    return render(request, "course/step.html", context)


@login_required
@require_GET
def preview_captions(request, slug: str, step_pk: int):
    course = _get_course_for_user(request, slug)
    step = get_object_or_404(Step, pk=step_pk, module__version__course=course)
    return HttpResponse(step.data.get("captions", ""), content_type="text/vtt; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request, slug: str, org_pk: int):
    organisation = get_object_with_perm(request, Organisation, "course.schedule_meeting", pk=org_pk)
    course = get_object_or_404(Course, slug=slug)
    offer = services.get_offer(organisation=organisation, course=course)
    initial = {
        "meeting_at": offer.meeting_at,
        "meeting_link": offer.meeting_link,
        "meeting_note": offer.meeting_note,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.schedule_meeting(offer=offer, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("The follow-up meeting is scheduled. Learners see it on their course page.")
        )
        return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "course/operator/meeting.html",
        {"course": course, "organisation": organisation, "form": form},
    )


@login_required
@require_GET
def preview_video(request, slug: str, step_pk: int):
    course = _get_course_for_user(request, slug)
    step = get_object_or_404(Step, pk=step_pk, module__version__course=course)
    if not step.video_file:
        raise Http404
    return serve_video(request, step.video_file)
