"""What a learner's step streams: the uploaded video (with range requests) and its WebVTT captions."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from balanse.course import queries
from balanse.course.media import serve_video
from balanse.course.views.learner import _get_course_for_user, find_step, learner_progress


@login_required
@require_GET
def captions(request, slug: str, key: str):
    course, version = _get_course_for_user(request, slug)
    step = find_step(learner_progress(request, course, version), key)
    return HttpResponse(step.data.get("captions", ""), content_type="text/vtt; charset=utf-8")


@login_required
@require_GET
def video(request, slug: str, key: str):
    _course, version = _get_course_for_user(request, slug)
    step = find_step(queries.course_progress(request.user, version), key)
    if not step.video_file:
        raise Http404
    return serve_video(request, step.video_file)
