"""The course's content and versions: a draft made from the published version, what stops it from being
published, publishing it, and the course file format (import and export)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.models import User
from balanse.course.content_format import validate_course_dict, write_course_dir
from balanse.course.models import (
    Course,
    CourseVersion,
    Enrollment,
    Module,
    Step,
    StepCompletion,
    StepKind,
    VersionState,
)
from balanse.course.queries import published_version
from balanse.course.vtt import parse_vtt


def version_to_dict(version: CourseVersion) -> dict:
    modules = []
    steps_by_module: dict[int, list] = {}
    for step in Step.objects.filter(module__version=version).order_by("position", "pk"):
        steps_by_module.setdefault(step.module_id, []).append(step)
    for module in version.modules.order_by("position", "pk"):
        modules.append(
            {
                "key": module.key,
                "title": module.title,
                "intro": module.intro,
                "steps": [
                    {"key": s.key, "kind": s.kind, "title": s.title, "body": s.body, "data": s.data}
                    for s in steps_by_module.get(module.pk, [])
                ],
            }
        )
    return {
        "slug": version.course.slug,
        "title": version.title,
        "description": version.description,
        "modules": modules,
    }


def _build_version(course: Course, data: dict, *, number: int, state: str) -> CourseVersion:
    version = CourseVersion.objects.create(
        course=course,
        number=number,
        state=state,
        title=data["title"],
        description=data.get("description", ""),
    )
    for m_pos, m in enumerate(data["modules"]):
        module = Module.objects.create(
            version=version, key=m["key"], title=m["title"], intro=m.get("intro", ""), position=m_pos
        )
        Step.objects.bulk_create(
            Step(
                module=module,
                key=s["key"],
                kind=s["kind"],
                title=s["title"],
                body=s.get("body", ""),
                data=s.get("data") or {},
                position=s_pos,
            )
            for s_pos, s in enumerate(m.get("steps", []))
        )
    return version


def publication_problems(version: CourseVersion) -> list[str]:
    """What stops a version from being published (empty list: it can be published)."""
    problems = []
    steps = list(Step.objects.filter(module__version=version).select_related("module"))
    if not steps:
        problems.append(_("The course has no steps."))
    keys = [s.key for s in steps]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(_("The step key %(key)s is used more than once.") % {"key": key})
    for step in steps:
        name = {"step": step.title}
        if step.kind == StepKind.VIDEO:
            if not (step.data.get("url") or step.video_file):
                problems.append(_("The video step “%(step)s” has no video.") % name)
            if not parse_vtt(step.data.get("captions", "")):
                problems.append(_("The video step “%(step)s” has no WebVTT captions.") % name)
        elif step.kind == StepKind.QUIZ:
            questions = step.data.get("questions") or []
            if not questions or any(
                not any(o.get("correct") for o in q.get("options", [])) for q in questions
            ):
                problems.append(_("Every question in “%(step)s” needs a correct option.") % name)
        elif step.kind == StepKind.CASE:
            nodes = {n["key"]: n for n in step.data.get("nodes", [])}
            if step.data.get("start") not in nodes or not any(n.get("ending") for n in nodes.values()):
                problems.append(_("The case “%(step)s” needs a start and at least one ending.") % name)
            for node in nodes.values():
                for choice in node.get("choices", []):
                    if choice.get("next") not in nodes:
                        problems.append(_("A choice in “%(step)s” leads nowhere.") % name)
    return problems


@transaction.atomic
def get_or_create_draft(*, course: Course, by: User) -> CourseVersion:
    draft = course.versions.filter(state=VersionState.DRAFT).first()
    if draft:
        return draft
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    current = published_version(course)
    data = version_to_dict(current) if current else {"title": course.title, "modules": []}
    draft = _build_version(course, data, number=number, state=VersionState.DRAFT)
    if current:  # uploaded video files are carried over too
        files = {
            s.key: s.video_file for s in Step.objects.filter(module__version=current).exclude(video_file="")
        }
        for step in Step.objects.filter(module__version=draft, key__in=files):
            step.video_file = files[step.key]
            step.save(update_fields=["video_file"])
    audit.record(actor=by, action="course.draft_created", obj=course, version=number)
    return draft


@transaction.atomic
def publish_draft(*, course: Course, by: User | None) -> CourseVersion:
    draft = CourseVersion.objects.select_for_update().filter(course=course, state=VersionState.DRAFT).first()
    if draft is None:
        raise ValidationError(_("There is no draft to publish."), code="no_draft")
    problems = publication_problems(draft)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    course.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.RETIRED)
    draft.state = VersionState.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = by if by and by.is_authenticated else None
    draft.save(update_fields=["state", "published_at", "published_by"])
    course.title = draft.title
    course.save(update_fields=["title"])
    _refresh_completion_for_course(course, draft)
    audit.record(actor=by, action="course.published", obj=course, version=draft.number)
    return draft


def _refresh_completion_for_course(course: Course, version: CourseVersion) -> None:
    """After a new version: learners who have done every step of it become complete. Nobody loses a
    completion they had earned."""
    keys = set(Step.objects.filter(module__version=version).values_list("key", flat=True))
    pending = Enrollment.objects.filter(course=course, completed_at__isnull=True, started_at__isnull=False)
    done: dict[int, set] = {}
    for user_id, key in StepCompletion.objects.filter(
        course=course, user_id__in=pending.values("user_id"), step_key__in=keys
    ).values_list("user_id", "step_key"):
        done.setdefault(user_id, set()).add(key)
    finished = [uid for uid, got in done.items() if got >= keys]
    if finished and keys:
        pending.filter(user_id__in=finished).update(completed_at=timezone.now())


@transaction.atomic
def import_course(*, data: dict, by: User | None = None, publish: bool = True) -> tuple[Course, bool]:
    """Create or update a course from the file format. Returns (course, changed). Idempotent: files that
    equal the published version change nothing."""
    validate_course_dict(data)
    course, created = Course.objects.get_or_create(slug=data["slug"], defaults={"title": data["title"]})
    current = published_version(course)
    if current and _comparable(version_to_dict(current)) == _comparable(data):
        return course, False
    course.versions.filter(state=VersionState.DRAFT).delete()
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    _build_version(course, data, number=number, state=VersionState.DRAFT)
    audit.record(actor=by, action="course.imported", obj=course, version=number)
    if publish:
        publish_draft(course=course, by=by)
    return course, True


def _comparable(data: dict) -> dict:
    return {
        "slug": data["slug"],
        "title": data["title"],
        "description": data.get("description", ""),
        "modules": [
            {
                "key": m["key"],
                "title": m["title"],
                "intro": m.get("intro", ""),
                "steps": [
                    {
                        k: s.get(k) or ({} if k == "data" else "")
                        for k in ("key", "kind", "title", "body", "data")
                    }
                    for s in m.get("steps", [])
                ],
            }
            for m in data["modules"]
        ],
    }


def export_course(*, course: Course, path: Path) -> None:
    version = published_version(course)
    if version is None:
        raise ValidationError(_("The course has no published version."), code="unpublished")
    write_course_dir(version_to_dict(version), path)
