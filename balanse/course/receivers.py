"""How the online course plugs into menus, organisation pages and the certification page."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from balanse.certification.signals import course_status_requested
from balanse.core import audit
from balanse.core.signals import MenuItem, Panel, load_default_content, load_demo_data, menu_items
from balanse.course import content, demo, queries
from balanse.course.audit_labels import AUDIT_LABELS
from balanse.course.models import Course, Enrollment
from balanse.organisations.signals import landing_requested, organisation_panels


@receiver(course_status_requested)
def course_status(sender, *, organisation, **kwargs) -> dict:
    """The organisation's course figures for the "course" step of the mark (all courses together)."""
    counts = queries.organisation_counts(organisation)
    return {"invited": counts["invited"], "started": counts["started"], "completed": counts["completed"]}


@receiver(menu_items)
def course_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    if not request.user.is_authenticated:
        return []
    match = request.resolver_match
    if request.user.has_perm("course.manage_courses"):
        active = bool(match and match.view_name.startswith("course:staff"))
        return [MenuItem(url=reverse("course:staff_courses"), label=_("Courses"), active=active, order=40)]
    if Enrollment.objects.filter(user=request.user).exists():
        active = bool(
            match and match.view_name in {"course:my_courses", "course:learner_course", "course:step"}
        )
        return [MenuItem(url=reverse("course:my_courses"), label=_("My course"), active=active, order=40)]
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
    courses = list(Course.objects.filter(versions__state="published").distinct())
    rows = [
        {"course": course, "counts": queries.organisation_counts(organisation, course)} for course in courses
    ]
    context = {
        "organisation": organisation,
        "rows": rows,
        "can_schedule": request.user.has_perm("course.schedule_meeting", organisation),
    }
    return [Panel("course/organisation_panel.html", context, order=30)]


@receiver(load_default_content)
def course_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(load_demo_data)
def course_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


audit.register_labels(AUDIT_LABELS)
