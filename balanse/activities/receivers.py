"""How the activity register plugs into the platform (see balanse/core/signals.py)."""

from datetime import date

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.activities import demo, privacy, queries, services
from balanse.activities.models import Activity, SupplementaryEntry
from balanse.activities.registers import REGISTERS
from balanse.certification.models import CourseBooking
from balanse.core.links import path_of
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    answer_always,
    answer_with_demo,
    load_default_content,
    menu_items,
    operator_panels,
    organisations_reached,
    personal_data_requested,
    registers_requested,
    staff_menu_item,
    with_permission,
)
from balanse.exercise.models import ExerciseSession

PERMISSION = "activities.manage_activities"


@receiver(menu_items)
def activities_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    match = request.resolver_match
    app = match.app_name if match else ""
    items = [
        MenuItem(
            url=path_of("activities:calendar"),
            label=_("Calendar"),
            active=app == "activities" and request.path.startswith("/kalender/"),
            public=True,
            order=55,
        )
    ]
    return items + staff_menu_item(
        request, PERMISSION, "activities:list", _("Activities"), 22, under="/drift/"
    )


@receiver(operator_panels)
@with_permission(PERMISSION)
def activities_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    today = timezone.localdate()
    first, last = date(today.year, 1, 1), date(today.year, 12, 31)
    return [
        Panel(
            "activities/_operator_panel.html",
            {"activities_year": today.year},
            order=6,
            counts=_operator_counts,
            count_values={"today": today, "first": first, "last": last, "year": today.year},
        )
    ]


def _operator_counts(*, today: date, first: date, last: date, year: int) -> dict:
    """The operator panel's figures: the year's activities (`of_year`, as its first and last day), the public ones
    to come, the year's supplementary entries."""
    return {
        "activities_count": Activity.objects.filter(date__gte=first, date__lte=last),
        "activities_upcoming": Activity.objects.upcoming_public(today),
        "activities_supplements": SupplementaryEntry.objects.filter(year=year),
    }


@receiver(annual_figures_requested)
def activities_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(organisations_reached)
def activities_organisers_reached(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.organisers_reached(year, together=years, defer=defer)


@receiver(personal_data_requested)
def activities_personal_data(sender, **kwargs):
    return privacy.declarations()


@receiver(load_default_content)
def activities_default_content(sender, *, stdout, **kwargs) -> str:
    demo.load_types()
    return "activities"


answer_always(registers_requested, REGISTERS, dispatch_uid="activities.registers")
answer_with_demo(demo.load_demo, dispatch_uid="activities.demo")


# A certification course held and a live exercise session that ended are activities: recorded once, here.


@receiver(post_save, sender=CourseBooking, dispatch_uid="activities.course_held")
def course_saved(sender, *, instance, raw=False, **kwargs) -> None:
    if not raw and instance.held_at is not None:
        services.record_course(course=instance)


@receiver(post_save, sender=ExerciseSession, dispatch_uid="activities.exercise_ended")
def exercise_session_saved(sender, *, instance, raw=False, **kwargs) -> None:
    if not raw and instance.ended_at is not None:
        services.record_exercise_session(session=instance)
