"""How the communication register plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.communication import demo, queries
from balanse.communication.registers import REGISTERS
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    answer_always,
    answer_with_demo,
    menu_items,
    operator_panels,
    registers_requested,
    staff_menu_item,
    with_permission,
)

PERMISSION = "communication.manage_communication"


@receiver(menu_items)
def communication_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    return staff_menu_item(request, PERMISSION, "communication:list", _("Communication"), 24)


@receiver(operator_panels)
@with_permission(PERMISSION)
def communication_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    year = timezone.localdate().year
    figures = queries.year_figures(year)  # the panel shows no key figures: not read
    return [
        Panel(
            "communication/_operator_panel.html",
            {"communication_year": year, "communication": figures},
            order=7,
        )
    ]


@receiver(annual_figures_requested)
def communication_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


answer_always(registers_requested, REGISTERS, dispatch_uid="communication.registers")
answer_with_demo(demo.load_demo, dispatch_uid="communication.demo")
