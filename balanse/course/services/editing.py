"""The operator's changes to a draft: modules and steps. A published version is never changed."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.models import User
from balanse.course.models import CourseVersion, Module, Step, VersionState


@transaction.atomic
def save_module(
    *,
    version: CourseVersion,
    by: User,
    key: str,
    title: str,
    intro: str | None = None,
    position: int | None = None,
    module: Module | None = None,
) -> Module:
    """Add a module to the draft (`module` None: at the end) or change one. A field left None keeps its
    value."""
    _check_draft(version)
    if module is None:
        position = position if position is not None else _next_position(version.modules)
        module = Module(version=version, position=position)
    for field, value in {"key": key, "title": title, "intro": intro, "position": position}.items():
        if value is not None:
            setattr(module, field, value)
    module.full_clean()
    module.save()
    audit.record(actor=by, action="course.module_saved", obj=version.course, module=module.key)
    return module


@transaction.atomic
def save_step(
    *,
    module: Module,
    by: User,
    key: str,
    kind: str,
    title: str,
    body: str | None = None,
    data: dict | None = None,
    video_file: File | None = None,
    position: int | None = None,
    step: Step | None = None,
) -> Step:
    """Add a step to a module of the draft (`step` None: at the end) or change one. `data` is the kind's
    settings (video address and captions, quiz questions, case nodes, the reflection's prompt); a field left
    None keeps its value, and a step keeps its video file unless a new one is given."""
    _check_draft(module.version)
    clash = Step.objects.filter(module__version=module.version, key=key)
    if step is not None:
        clash = clash.exclude(pk=step.pk)
    if clash.exists():
        raise ValidationError({"key": _("Another step in this course already uses this key.")})
    if step is None:
        position = position if position is not None else _next_position(module.steps)
        step = Step(module=module, position=position)
    fields = {"key": key, "kind": kind, "title": title, "body": body, "data": data, "position": position}
    for field, value in fields.items():
        if value is not None:
            setattr(step, field, value)
    if video_file:
        step.video_file = video_file
    step.full_clean()
    step.save()
    audit.record(actor=by, action="course.step_saved", obj=module.version.course, step=step.key)
    return step


@transaction.atomic
def delete_step(*, step: Step, by: User) -> None:
    _check_draft(step.module.version)
    audit.record(actor=by, action="course.step_deleted", obj=step.module.version.course, step=step.key)
    step.delete()


def _check_draft(version: CourseVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Start a new draft first."), code="not_draft")


def _next_position(items) -> int:
    return (items.aggregate(p=Max("position"))["p"] or 0) + 1
