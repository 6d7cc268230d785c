"""How the online course plugs into menus, organisation pages and the certification page."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.certification.signals import course_status_requested
from balanse.core import audit
from balanse.core.links import path_of
from balanse.core.privacy import LegalBasis, PersonalData, authorship
from balanse.core.signals import (
    DeletionNote,
    MenuItem,
    Panel,
    account_deletion_requested,
    load_default_content,
    load_demo_data,
    menu_items,
    personal_data_requested,
)
from balanse.course import content, demo, queries
from balanse.course.audit_labels import AUDIT_LABELS
from balanse.course.models import CourseVersion, Enrollment, Reflection, StepCompletion
from balanse.organisations.signals import landing_requested, organisation_panels


@receiver(course_status_requested)
def course_status(sender, *, organisation, user=None, **kwargs) -> dict:
    """The organisation's course figures for the "course" step of the mark (all courses together)."""
    counts = queries.organisation_counts(organisation, user=user)
    return {"invited": counts["invited"], "started": counts["started"], "completed": counts["completed"]}


@receiver(menu_items)
def course_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    if not request.user.is_authenticated:
        return []
    match = request.resolver_match
    if request.user.has_perm("course.manage_courses"):
        active = bool(match and match.view_name.startswith("course:operator"))
        return [MenuItem(url=path_of("course:operator_courses"), label=_("Courses"), active=active, order=40)]
    if queries.is_learner(request.user):
        active = bool(
            match and match.view_name in {"course:my_courses", "course:learner_course", "course:step"}
        )
        return [MenuItem(url=path_of("course:my_courses"), label=_("My course"), active=active, order=40)]
    return []


@receiver(landing_requested)
def course_landing(sender, *, user, **kwargs) -> str | None:
    """A learner (in no organisation) lands on their course after logging in."""
    if Enrollment.objects.filter(user=user).exists():
        return reverse("course:my_courses")
    return None


@receiver(organisation_panels)
def course_organisation_panel(sender, *, request, organisation, **kwargs) -> list[Panel]:
    if not request.user.has_perm("course.manage_learners", organisation):
        return []
    context = {
        "organisation": organisation,
        "rows": queries.published_courses_with_counts(organisation, user=request.user),
        "can_schedule": request.user.has_perm("course.schedule_meeting", organisation),
    }
    return [Panel("course/organisation_panel.html", context, order=30)]


@receiver(load_default_content)
def course_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(load_demo_data)
def course_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


@receiver(personal_data_requested)
def course_personal_data(sender, **kwargs):
    learners = gettext_lazy("learners in the online course")
    kept = gettext_lazy("until the person deletes the account")
    return [
        PersonalData(
            model=Enrollment,
            subjects=learners,
            categories=gettext_lazy(
                "which course the person takes, for which organisation, when they finished"
            ),
            purpose=gettext_lazy("to show their progress and count the organisation's learners for the mark"),
            legal_basis=LegalBasis.CONTRACT,
            retention=kept,
            user_field="user",
        ),
        PersonalData(
            model=StepCompletion,
            subjects=learners,
            categories=gettext_lazy("the course steps the person has finished"),
            purpose=gettext_lazy("to let the person continue where they stopped"),
            legal_basis=LegalBasis.CONTRACT,
            retention=kept,
            user_field="user",
        ),
        PersonalData(
            model=Reflection,
            subjects=learners,
            categories=gettext_lazy("the person's own written reflections (seen by nobody else)"),
            purpose=gettext_lazy("to keep the person's notes for them"),
            legal_basis=LegalBasis.CONTRACT,
            retention=kept,
            user_field="user",
        ),
        authorship(
            CourseVersion,
            "published_by",
            categories=gettext_lazy("who published a version of the course"),
            purpose=gettext_lazy("to know who published what learners see"),
        ),
    ]


@receiver(account_deletion_requested)
def course_deletion_notes(sender, *, user, **kwargs):
    if not Enrollment.objects.filter(user=user).exists():
        return []
    return [DeletionNote(_("Your course progress and your own reflections are deleted."))]


audit.register_labels(AUDIT_LABELS)
