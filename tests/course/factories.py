"""Factories for the online course. Content is made the way operators make it: a course is imported from
the course file format and published; a draft is made from the published version; modules and steps are
added to a draft by the editing services; learners are enrolled and complete steps through the services."""

import factory

from balanse.course import services
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
)
from tests.factories import OperatorFactory, OrganisationFactory, UserFactory


def course_data(slug: str, title: str) -> dict:
    """A small course in the file format: one module with a text step and a reflection step."""
    return {
        "slug": slug,
        "title": title,
        "description": "Et kort testkurs.",
        "modules": [
            {
                "key": "grunnlag",
                "title": "Grunnlag",
                "intro": "Hva er trakassering?",
                "steps": [
                    {"key": "hva-er-det", "kind": "text", "title": "Hva er det?", "body": "Noen ord."},
                    {
                        "key": "tanker",
                        "kind": "reflection",
                        "title": "Dine tanker",
                        "data": {"prompt": "Hva tar du med deg?"},
                    },
                ],
            }
        ],
    }


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course (version 1), imported from the course file format."""

    class Meta:
        model = Course

    slug = factory.Sequence(lambda n: f"testkurs-{n}")
    title = factory.Sequence(lambda n: f"Testkurs {n}")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, slug, title, by):
        course, _changed = services.import_course(data=course_data(slug, title), by=by, publish=True)
        return course


def published_steps(course: Course) -> list[Step]:
    version = services.published_version(course)
    return list(Step.objects.filter(module__version=version).order_by("module__position", "position"))


class CourseVersionFactory(factory.django.DjangoModelFactory):
    """The draft an operator edits: a copy of the course's published version."""

    class Meta:
        model = CourseVersion

    course = factory.SubFactory(CourseFactory)
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, course, by):
        return services.get_or_create_draft(course=course, by=by)


class ModuleFactory(factory.django.DjangoModelFactory):
    """A module added to a draft."""

    class Meta:
        model = Module

    version = factory.SubFactory(CourseVersionFactory)
    key = factory.Sequence(lambda n: f"modul-{n}")
    title = factory.Sequence(lambda n: f"Modul {n}")
    intro = "Om denne modulen."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, version, by, **fields):
        return services.save_module(version=version, by=by, **fields)


class StepFactory(factory.django.DjangoModelFactory):
    """A step added to a module of a draft."""

    class Meta:
        model = Step

    module = factory.SubFactory(ModuleFactory)
    key = factory.Sequence(lambda n: f"steg-{n}")
    kind = StepKind.TEXT
    title = factory.Sequence(lambda n: f"Steg {n}")
    body = "Tekst i **Markdown**."
    data = factory.Dict({})
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, module, by, **fields):
        return services.save_step(module=module, by=by, **fields)


class CourseOfferFactory(factory.django.DjangoModelFactory):
    """A course made available to an organisation (its join link and follow-up meeting)."""

    class Meta:
        model = CourseOffer

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.SubFactory(CourseFactory)
    join_enabled = False
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, organisation, course, join_enabled, by):
        offer = services.get_offer(organisation=organisation, course=course)
        if join_enabled:
            offer = services.set_join_link(offer=offer, enabled=True, by=by)
        return offer


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """A learner invited by an administrator of the organisation (no membership)."""

    class Meta:
        model = Enrollment

    organisation = factory.SubFactory(OrganisationFactory)
    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, organisation, course, user, by):
        (enrollment,) = services.invite_learners(
            organisation=organisation, course=course, emails=[user.email], by=by, send_email=False
        )
        return enrollment


class StepCompletionFactory(factory.django.DjangoModelFactory):
    """An enrolled learner has done a step of the published version (by default its first)."""

    class Meta:
        model = StepCompletion

    enrollment = factory.SubFactory(EnrollmentFactory)
    step = factory.LazyAttribute(lambda o: published_steps(o.enrollment.course)[0])

    @classmethod
    def _create(cls, model_class, *, enrollment, step):
        services.complete_step(user=enrollment.user, course=enrollment.course, step=step)
        return StepCompletion.objects.get(user=enrollment.user, course=enrollment.course, step_key=step.key)


class ReflectionFactory(factory.django.DjangoModelFactory):
    """A learner's private answer to a reflection step."""

    class Meta:
        model = Reflection

    enrollment = factory.SubFactory(EnrollmentFactory)
    step = factory.LazyAttribute(
        lambda o: next(s for s in published_steps(o.enrollment.course) if s.kind == StepKind.REFLECTION)
    )
    text = "Jeg vil si fra tidligere."

    @classmethod
    def _create(cls, model_class, *, enrollment, step, text):
        return services.save_reflection(user=enrollment.user, course=enrollment.course, step=step, text=text)
