"""How the course plugs into menus, organisation pages and the certification page."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from balanse.course import queries
from balanse.course.models import Course, Enrollment


def certification_course_status(organisation) -> dict:
    """The organisation's course figures for the "course" step of the mark (all courses together)."""
    counts = queries.organisation_counts(organisation)
    return {"invited": counts["invited"], "started": counts["started"], "completed": counts["completed"]}


def nav_items(request) -> list[dict]:
    items = []
    if not request.user.is_authenticated:
        return items
    match = request.resolver_match
    if request.user.has_perm("course.manage_courses"):
        items.append(
            {
                "url": reverse("course:staff_courses"),
                "label": _("Courses"),
                "active": bool(match and match.view_name.startswith("course:staff")),
            }
        )
    elif Enrollment.objects.filter(user=request.user).exists():
        items.append(
            {
                "url": reverse("course:my_courses"),
                "label": _("My course"),
                "active": bool(
                    match and match.view_name in {"course:my_courses", "course:learner_course", "course:step"}
                ),
            }
        )
    return items


def organisation_panels(request, organisation) -> list[str]:
    can_manage = request.user.has_perm("course.manage_learners", organisation)
    if not can_manage:
        return []
    courses = list(Course.objects.filter(versions__state="published").distinct())
    rows = []
    for course in courses:
        rows.append({"course": course, "counts": queries.organisation_counts(organisation, course)})
    return [
        render_to_string(
            "course/organisation_panel.html",
            {
                "organisation": organisation,
                "rows": rows,
                "can_schedule": request.user.has_perm("course.schedule_meeting", organisation),
            },
            request=request,
        )
    ]
