"""Business rules for the online course. Each runs in one transaction and writes the audit log."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email as send_templated_email
from balanse.core.links import site_url
from balanse.course.content_format import validate_course_dict
from balanse.course.models import (
    Course,
    CourseOffer,
    CourseVersion,
    Enrollment,
    Module,
    Reflection,
    Step,
    StepCompletion,
    StepKind,
    VersionState,
)
from balanse.course.queries import published_version
from balanse.course.vtt import parse_vtt
from balanse.organisations import services as org_services
from balanse.organisations.models import Organisation

# ---------------------------------------------------------------- content and versions


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
def get_or_create_draft(*, course: Course, by) -> CourseVersion:
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
def publish_draft(*, course: Course, by) -> CourseVersion:
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
def import_course(*, data: dict, by=None, publish: bool = True) -> tuple[Course, bool]:
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
    from balanse.course.content_format import write_course_dir

    version = published_version(course)
    if version is None:
        raise ValidationError(_("The course has no published version."), code="unpublished")
    write_course_dir(version_to_dict(version), path)


# ---------------------------------------------------------------- editing the draft


@transaction.atomic
def save_module(*, version: CourseVersion, by, data: dict, module: Module | None = None) -> Module:
    _check_draft(version)
    if module is None:
        position = (version.modules.aggregate(p=Max("position"))["p"] or 0) + 1
        module = Module(version=version, position=position)
    for field in ("key", "title", "intro", "position"):
        if field in data and data[field] is not None:
            setattr(module, field, data[field])
    module.full_clean()
    module.save()
    audit.record(actor=by, action="course.module_saved", obj=version.course, module=module.key)
    return module


@transaction.atomic
def save_step(*, module: Module, by, data: dict, step: Step | None = None) -> Step:
    _check_draft(module.version)
    key = data["key"]
    clash = Step.objects.filter(module__version=module.version, key=key)
    if step is not None:
        clash = clash.exclude(pk=step.pk)
    if clash.exists():
        raise ValidationError({"key": _("Another step in this course already uses this key.")})
    if step is None:
        position = (module.steps.aggregate(p=Max("position"))["p"] or 0) + 1
        step = Step(module=module, position=position)
    for field in ("key", "kind", "title", "body", "data", "position"):
        if field in data and data[field] is not None:
            setattr(step, field, data[field])
    if data.get("video_file"):
        step.video_file = data["video_file"]
    step.full_clean()
    step.save()
    audit.record(actor=by, action="course.step_saved", obj=module.version.course, step=step.key)
    return step


@transaction.atomic
def delete_step(*, step: Step, by) -> None:
    _check_draft(step.module.version)
    audit.record(actor=by, action="course.step_deleted", obj=step.module.version.course, step=step.key)
    step.delete()


def _check_draft(version: CourseVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Start a new draft first."), code="not_draft")


# ---------------------------------------------------------------- learners


def _enrollments(user, course: Course):
    return Enrollment.objects.filter(user=user, course=course)


@transaction.atomic
def complete_step(*, user, course: Course, step: Step) -> bool:
    """Record that a learner has done a step. Returns True the first time."""
    _, created = StepCompletion.objects.get_or_create(user=user, course=course, step_key=step.key)
    now = timezone.now()
    _enrollments(user, course).filter(started_at__isnull=True).update(started_at=now)
    if created:
        keys = set(Step.objects.filter(module__version=step.module.version).values_list("key", flat=True))
        done = set(
            StepCompletion.objects.filter(user=user, course=course, step_key__in=keys).values_list(
                "step_key", flat=True
            )
        )
        if done >= keys:
            updated = _enrollments(user, course).filter(completed_at__isnull=True).update(completed_at=now)
            if updated:
                audit.record(actor=user, action="course.completed", obj=course)
    return created


def check_quiz(*, step: Step, answers: dict[str, list[str]]) -> list[dict]:
    """Feedback for each question: the chosen options with their feedback, and whether it was right.
    Answers are not stored."""
    results = []
    for question in step.data.get("questions", []):
        chosen = set(answers.get(question["key"], []))
        correct = {o["key"] for o in question["options"] if o.get("correct")}
        results.append(
            {
                "question": question,
                "right": chosen == correct,
                "chosen": [o for o in question["options"] if o["key"] in chosen],
            }
        )
    return results


def quiz_outcome(*, step: Step, results: list[dict]) -> dict:
    """The score in percent, the quiz's pass mark and whether the quiz counts as done. Without a pass mark
    every question must be answered right (the feedback next to each question says what to fix, and the
    learner may try again as often as they like); a quiz's settings may set a lower `pass_mark`."""
    right = sum(r["right"] for r in results)
    score = round(100 * right / len(results)) if results else 100
    pass_mark = step.data.get("pass_mark")
    passed = score >= pass_mark if pass_mark is not None else right == len(results)
    return {"score": score, "pass_mark": pass_mark, "passed": passed, "right": right, "total": len(results)}


@transaction.atomic
def submit_quiz(*, user, course: Course, step: Step, answers: dict[str, list[str]]) -> list[dict]:
    """Check the answers; the step is complete when every answer is right, or, if the quiz sets a pass mark,
    when enough answers are right. Answers are not stored."""
    results = check_quiz(step=step, answers=answers)
    if quiz_outcome(step=step, results=results)["passed"]:
        complete_step(user=user, course=course, step=step)
    return results


@transaction.atomic
def save_reflection(*, user, course: Course, step: Step, text: str) -> Reflection:
    reflection, _ = Reflection.objects.update_or_create(
        user=user, course=course, step_key=step.key, defaults={"text": text}
    )
    complete_step(user=user, course=course, step=step)
    return reflection


def case_node(step: Step, key: str | None) -> dict | None:
    nodes = {n["key"]: n for n in step.data.get("nodes", [])}
    return nodes.get(key or step.data.get("start"))


@transaction.atomic
def choose_in_case(*, user, course: Course, step: Step, node_key: str, choice_key: str) -> tuple[dict, dict]:
    """Follow a choice. Returns (choice, next node); reaching an ending completes the step."""
    node = case_node(step, node_key)
    choice = next((c for c in (node or {}).get("choices", []) if c["key"] == choice_key), None)
    if node is None or choice is None:
        raise ValidationError(_("That choice is no longer available. Start the case again."), code="stale")
    following = case_node(step, choice["next"])
    if following is None:
        raise ValidationError(_("That choice is no longer available. Start the case again."), code="stale")
    _enrollments(user, course).filter(started_at__isnull=True).update(started_at=timezone.now())
    if following.get("ending"):
        complete_step(user=user, course=course, step=step)
    return choice, following


# ---------------------------------------------------------------- organisations: learners, join link, meeting


def get_offer(*, organisation: Organisation, course: Course) -> CourseOffer:
    offer, _ = CourseOffer.objects.get_or_create(organisation=organisation, course=course)
    return offer


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """Split a pasted list into (valid addresses, invalid entries), lower-cased and without repeats."""
    valid, invalid = [], []
    for raw in text.replace(",", "\n").replace(";", "\n").split():
        email = raw.strip().strip("<>").lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(raw)
        else:
            if email not in valid:
                valid.append(email)
    return valid, invalid


def _learner(*, email: str, full_name: str = "", by=None, email_verified: bool = False):
    """The learner's account (made if new) through the one organisations service. A learner gets no
    membership: the course only, no member list, no workbook, no colleagues' contact details."""
    return org_services.get_or_create_person(
        email=email, full_name=full_name, via="course", by=by, email_verified=email_verified
    )


def _send_course_email(*, user, course: Course, organisation: Organisation, base_url: str) -> None:
    from balanse.course.invitation_links import make_path

    # The link logs a new learner in (once) and opens the course; see invitation_links.
    link = base_url.rstrip("/") + make_path(user=user, course=course)
    context = {
        "course": course,
        "organisation": organisation,
        "link": link,
        "email": user.email,
        "days": settings.INVITATION_VALID_DAYS,
    }
    send_templated_email(to=user, template="course/email/invitation", context=context)


@transaction.atomic
def invite_learners(
    *,
    organisation: Organisation,
    course: Course,
    emails: list[str],
    by,
    base_url: str = "",
    send_email: bool = True,
) -> list[Enrollment]:
    """Create learners (accounts if new, no membership) and enrollments; e-mail each a link to the course.
    The addresses are typed by the admin, so they are not marked verified: the first log-in code does that."""
    get_offer(organisation=organisation, course=course)
    enrollments = []
    for email in emails:
        user = _learner(email=email, by=by).user
        enrollment, created = Enrollment.objects.get_or_create(
            course=course, organisation=organisation, user=user
        )
        enrollments.append(enrollment)
        if created:
            audit.record(actor=by, action="course.learner_invited", obj=enrollment)
        if send_email:
            _send_course_email(
                user=user, course=course, organisation=organisation, base_url=base_url or site_url()
            )
    return enrollments


@transaction.atomic
def set_join_link(*, offer: CourseOffer, enabled: bool, by, new_token: bool = False) -> CourseOffer:
    offer.join_enabled = enabled
    if new_token:
        offer.join_token = secrets.token_urlsafe()
    offer.save(update_fields=["join_enabled", "join_token"])
    audit.record(actor=by, action="course.join_link_changed", obj=offer, enabled=enabled, new_token=new_token)
    return offer


def get_join_offer(token: str) -> CourseOffer | None:
    return (
        CourseOffer.objects.select_related("organisation", "course")
        .filter(join_token=token or "-", join_enabled=True)
        .first()
    )


@transaction.atomic
def join_with_link(
    *, offer: CourseOffer, email: str, full_name: str = "", email_verified: bool = False
) -> tuple[Enrollment, org_services.Person]:
    """Enrol a person through the organisation's join link, as a learner (no membership).

    Called only once the address is proved: by the e-mailed join code (`email_verified=True`), or because
    the person is logged in. Returns the enrollment and the person (with `created` when the account is new:
    only then may the caller log it in)."""
    person = _learner(email=email, full_name=full_name, email_verified=email_verified)
    enrollment, created = Enrollment.objects.get_or_create(
        course=offer.course, organisation=offer.organisation, user=person.user
    )
    if created:
        audit.record(actor=person.user, action="course.joined_by_link", obj=enrollment)
    return enrollment, person


def new_join_code() -> str:
    """Six random digits, like the log-in code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def send_join_code(*, offer: CourseOffer, email: str, code: str, language: str | None = None) -> None:
    """E-mail the code that proves the address, in the language of the page the person asked on."""
    context = {"course": offer.course, "organisation": offer.organisation, "code": code, "email": email}
    send_templated_email(to=email, template="course/email/join_code", context=context, language=language)


@transaction.atomic
def schedule_meeting(
    *, offer: CourseOffer, by, meeting_at, meeting_link: str, meeting_note: str = ""
) -> CourseOffer:
    offer.meeting_at = meeting_at
    offer.meeting_link = meeting_link
    offer.meeting_note = meeting_note
    offer.save(update_fields=["meeting_at", "meeting_link", "meeting_note"])
    audit.record(actor=by, action="course.meeting_scheduled", obj=offer)
    return offer


@transaction.atomic
def log_in_by_invitation(*, user, course_slug: str, full_name: str = "") -> None:
    """Record that a learner used their course invitation link: the address is proved, and the name they
    gave is filled in if the account had none (never replaced)."""
    _learner(email=user.email, full_name=full_name, email_verified=True)
    audit.record(actor=user, action="course.invitation_link_used", obj=user, course=course_slug)
