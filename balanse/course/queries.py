"""Reads that views and hooks share. Each runs a fixed number of queries, whatever the number of learners."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, FilteredRelation, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from balanse.core import compiled
from balanse.core.permissions import memo, remember
from balanse.core.sessions import account_fact
from balanse.course.models import (
    Course,
    CourseOffer,
    CourseVersion,
    Enrollment,
    Module,
    Reflection,
    Step,
    StepCompletion,
    VersionState,
)


@dataclass
class ModuleProgress:
    module: object
    steps: list = field(default_factory=list)
    done: int = 0

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


@dataclass
class CourseProgress:
    version: CourseVersion
    modules: list[ModuleProgress]
    done_keys: set
    next_step: Step | None

    @property
    def steps(self) -> list[Step]:
        return [s for m in self.modules for s in m.steps]

    @property
    def complete(self) -> bool:
        return all(m.complete for m in self.modules)

    @property
    def started(self) -> bool:
        return bool(self.done_keys)

    def neighbours(self, step: Step) -> tuple[Step | None, Step | None]:
        steps = self.steps
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        return (steps[index - 1] if index else None, steps[index + 1] if index + 1 < len(steps) else None)


def course_by_slug(slug: str) -> Course | None:
    """The course with this short name, or None (compiled once)."""
    return compiled.instance(
        "course.by_slug", Course, lambda slug: Course.objects.filter(slug=slug), slug=slug
    )


def published_version(course: Course) -> CourseVersion | None:
    """The course's published version (the one definition; services re-export it): at most one (a
    constraint), compiled once."""
    return compiled.instance(
        "course.published_version",
        CourseVersion,
        lambda course_id: CourseVersion.objects.published().filter(course_id=course_id),
        course_id=course.pk,
    )


def _version_steps(version_id: int):
    return Step.objects.filter(module__version_id=version_id).order_by("module__position", "position", "pk")


def version_steps(version: CourseVersion) -> list[Step]:
    """The version's steps in order, each with its module (one instance per module, shared by its steps):
    one query, compiled once."""
    steps = compiled.instances(
        "course.version_steps", Step, _version_steps, related=("module",), version_id=version.pk
    )
    modules: dict[int, Module] = {}
    for step in steps:
        step.module = modules.setdefault(step.module_id, step.module)
    return steps


def done_keys(user, course_id: int) -> set[str]:
    """The keys of the steps `user` has done in the course (compiled once)."""
    if user.pk is None:
        return set()
    return set(
        compiled.rows(
            "course.done_keys",
            lambda user_id, course_id: StepCompletion.objects.filter(
                user_id=user_id, course_id=course_id
            ).values_list("step_key", flat=True),
            user_id=user.pk,
            course_id=course_id,
        )
    )


def saved_reflection(user, course_id: int, step_key: str) -> Reflection | None:
    """The person's own reflection on a step, or None (one per person, course and step: a constraint),
    compiled once."""
    return compiled.instance(
        "course.saved_reflection",
        Reflection,
        lambda user_id, course_id, step_key: Reflection.objects.filter(
            user_id=user_id, course_id=course_id, step_key=step_key
        ),
        user_id=user.pk,
        course_id=course_id,
        step_key=step_key,
    )


def course_progress(user, version: CourseVersion) -> CourseProgress:
    steps = version_steps(version)
    done = done_keys(user, version.course_id)
    modules: dict[int, ModuleProgress] = {}
    for step in steps:
        progress = modules.setdefault(step.module_id, ModuleProgress(module=step.module))
        progress.steps.append(step)
        step.is_done = step.key in done
        progress.done += step.is_done
    next_step = next((s for s in steps if not s.is_done), None)
    return CourseProgress(
        version=version, modules=list(modules.values()), done_keys=done, next_step=next_step
    )


STATUS_LABELS = {"invited": _("Invited"), "started": _("Started"), "completed": _("Completed")}


def _counted(in_organisation: Q, counted: str = "pk", prefix: str = "") -> dict:
    """The learners of an organisation (invited, started, completed) as conditional counts of `counted`, the
    enrollment's fields reached through `prefix`."""
    return {
        "invited": Count(counted, filter=in_organisation or None),
        "started": Count(counted, filter=in_organisation & Q(**{f"{prefix}started_at__isnull": False})),
        "completed": Count(counted, filter=in_organisation & Q(**{f"{prefix}completed_at__isnull": False})),
    }


IS_LEARNER = "course.is_learner"


def takes_a_course():
    """Whether the session's account takes a course, as an expression read with the session (`is_learner`)."""
    return Exists(Enrollment.objects.filter(user_id=OuterRef("account_id")))


def is_learner(user) -> bool:
    """Whether the person takes a course (the menu's "My course"): read with the request's session
    (`balanse.core.sessions.read_along`, see apps.py), else asked once per request, and not at all when a
    query the page makes anyway has answered it along the way (the counts below, given `user`)."""
    known = account_fact(user, IS_LEARNER)
    return memo(
        (IS_LEARNER, user.pk),
        lambda: (
            known
            if known is not None
            else compiled.exists(
                IS_LEARNER, lambda user_id: Enrollment.objects.filter(user_id=user_id), user_id=user.pk
            )
        ),
    )


def enrolled_course_ids(user) -> frozenset[int]:
    """The courses the person is enrolled in (through any organisation): asked once per request, compiled
    once. It also answers `is_learner(user)` for the rest of the request."""

    def read() -> frozenset[int]:
        ids = frozenset(
            compiled.rows(
                "course.enrolled_course_ids",
                lambda user_id: (
                    Enrollment.objects.filter(user_id=user_id)
                    .order_by()
                    .values_list("course_id", flat=True)
                    .distinct()
                ),
                user_id=user.pk,
            )
        )
        remember((IS_LEARNER, user.pk), bool(ids))
        return ids

    return memo(("course.enrolled_course_ids", user.pk), read)


def _learner_enrollments(user_id: int):
    return Enrollment.objects.filter(user_id=user_id).order_by("course__title")


def learner_enrollments(user) -> list[Enrollment]:
    """The person's enrollments by the course's title, each with its course and organisation: one query,
    compiled once."""
    return compiled.instances(
        "course.learner_enrollments",
        Enrollment,
        _learner_enrollments,
        related=("course", "organisation"),
        user_id=user.pk,
    )


def _meeting_offers(user_id: int, course_id: int):
    in_organisation = Enrollment.objects.filter(organisation_id=OuterRef("organisation_id"), user_id=user_id)
    return CourseOffer.objects.filter(
        Exists(in_organisation), course_id=course_id, meeting_at__isnull=False
    ).order_by("pk")


def meeting_offers(user, course: Course) -> list[CourseOffer]:
    """The course's offers with a follow-up meeting, of the organisations where `user` is enrolled (in any of
    their courses), each with its organisation: one query, compiled once."""
    return compiled.instances(
        "course.meeting_offers",
        CourseOffer,
        _meeting_offers,
        related=("organisation",),
        user_id=user.pk,
        course_id=course.pk,
    )


def _in_organisation(organisation_id: int, course_id: int | None = None) -> Q:
    return Q(organisation_id=organisation_id) & (Q(course_id=course_id) if course_id is not None else Q())


def _enrollments_counted(organisation_id: int, course_id: int | None = None, user_id: int | None = None):
    in_organisation = _in_organisation(organisation_id, course_id)
    return Enrollment.objects.filter(
        in_organisation | Q(user_id=user_id) if user_id is not None else in_organisation
    )


def _counts_asked(organisation_id: int, course_id: int | None = None, user_id: int | None = None) -> dict:
    counts = _counted(_in_organisation(organisation_id, course_id))
    return counts if user_id is None else {**counts, "mine": Count("pk", filter=Q(user_id=user_id))}


def organisation_counts(organisation, course: Course | None = None, *, user=None) -> dict:
    """The organisation's learners (of `course`, or of all courses), in one query compiled once. With `user`,
    the same query also answers `is_learner(user)` for the rest of the request."""
    values = {"organisation_id": organisation.pk}
    if course is not None:
        values["course_id"] = course.pk
    mine = user is not None and user.is_authenticated
    if mine:
        values["user_id"] = user.pk
    counts = compiled.aggregate(
        ("course.organisation_counts", course is not None, mine),
        _enrollments_counted,
        _counts_asked,
        **values,
    )
    if mine:
        remember((IS_LEARNER, user.pk), counts.pop("mine") > 0)
    return counts


def _courses_with_counts(organisation_id: int, **user: int):
    published = CourseVersion.objects.published().filter(course=OuterRef("pk"))
    # The organisation's enrollments only, joined by the join's own condition: the other organisations'
    # learners are never read.
    courses = (
        Course.objects.filter(Exists(published))
        .annotate(
            learners=FilteredRelation(
                "enrollments", condition=Q(enrollments__organisation_id=organisation_id)
            )
        )
        .annotate(**_counted(Q(), "learners", "learners__"))
        .order_by("title", "pk")
    )
    if user:
        courses = courses.annotate(mine=Exists(Enrollment.objects.filter(user_id=user["user_id"])))
    return courses


def published_courses_with_counts(organisation, *, user=None) -> list[dict]:
    """Every published course with the organisation's learners in it ({"course", "counts"}), in one query
    whatever the number of courses, compiled once. With `user`, that query also answers `is_learner(user)`."""
    mine = user is not None and user.is_authenticated
    counts = ("invited", "started", "completed")
    courses = compiled.instances(
        ("course.published_courses_with_counts", mine),
        Course,
        _courses_with_counts,
        annotations=(*counts, "mine") if mine else counts,
        organisation_id=organisation.pk,
        **({"user_id": user.pk} if mine else {}),
    )
    rows = []
    for course in courses:
        rows.append({"course": course, "counts": {key: getattr(course, key) for key in counts}})
        if mine:
            remember((IS_LEARNER, user.pk), bool(course.mine))
    return rows


LEARNERS_PAGE_SIZE = 50


def _organisation_learners(organisation_id: int, course_id: int):
    """The organisation's learners of the course by name (then e-mail, then the enrollment: a stable order):
    name, e-mail and status (a key of STATUS_LABELS: completed, else started, else invited), no moment to convert."""
    return (
        Enrollment.objects.filter(organisation_id=organisation_id, course_id=course_id)
        .order_by("user__full_name", "user__email", "pk")
        .annotate(
            status=Case(
                When(completed_at__isnull=False, then=Value("completed")),
                When(started_at__isnull=False, then=Value("started")),
                default=Value("invited"),
            )
        )
        .values_list("user__full_name", "user__email", "status")
    )


class OrganisationLearners:
    """The organisation's learners of a course (names with status only: never answers), for `paginate` through
    `views_helpers.Counted` (the page's figures have their number): rows (full name, e-mail, status) by name,
    and only the page asked for is read, in one query whatever the number of learners. Its SQL is
    compiled once per process for each page's place in the list (its offset: a page of LEARNERS_PAGE_SIZE rows,
    the last page's shorter slice cut here), so as many plans as the longest list has pages."""

    def __init__(self, organisation, course: Course):
        self.values = {"organisation_id": organisation.pk, "course_id": course.pk}

    def __getitem__(self, index: slice) -> list[tuple]:
        start, stop = index.start or 0, index.stop
        if index.step is not None or stop is None or not 0 <= start <= stop <= start + LEARNERS_PAGE_SIZE:
            raise ValueError("a page of learners at most")
        found = compiled.rows(
            ("course.organisation_learners", start, LEARNERS_PAGE_SIZE),
            lambda **values: _organisation_learners(**values)[start : start + LEARNERS_PAGE_SIZE],
            **self.values,
        )
        return found[: stop - start]


def draft_version(course: Course) -> CourseVersion | None:
    """The course's draft, or None: at most one (a constraint), compiled once."""
    return compiled.instance(
        "course.draft_version",
        CourseVersion,
        lambda course_id: CourseVersion.objects.filter(course_id=course_id, state=VersionState.DRAFT),
        course_id=course.pk,
    )


def offer(organisation, course: Course) -> CourseOffer | None:
    """The organisation's offer of the course, or None: at most one (a constraint), compiled once."""
    return compiled.instance(
        "course.offer",
        CourseOffer,
        lambda organisation_id, course_id: CourseOffer.objects.filter(
            organisation_id=organisation_id, course_id=course_id
        ),
        organisation_id=organisation.pk,
        course_id=course.pk,
    )


@dataclass
class OutlineModule:
    pk: int
    title: str
    steps: list = field(default_factory=list)  # (pk, title, kind, key) in order
    steps_html: str = ""  # written by `views.rows.step_items`


def outline(version: CourseVersion) -> list[OutlineModule]:
    """The version's modules in order (those without steps too), each with its steps' (pk, title, kind, key) in
    order, for the operator's course page: two queries, compiled once, that read no step's text or data."""
    modules = {
        pk: OutlineModule(pk, title)
        for pk, title in compiled.rows(
            "course.outline_modules",
            lambda version_id: (
                Module.objects.filter(version_id=version_id)
                .order_by("position", "pk")
                .values_list("pk", "title")
            ),
            version_id=version.pk,
        )
    }
    for pk, module_id, title, kind, key in compiled.rows(
        "course.outline_steps",
        lambda version_id: (
            Step.objects.filter(module__version_id=version_id)
            .order_by("module_id", "position", "pk")
            .values_list("pk", "module_id", "title", "kind", "key")
        ),
        version_id=version.pk,
    ):
        if module_id in modules:  # not a module added between the two reads
            modules[module_id].steps.append((pk, title, kind, key))
    return list(modules.values())
