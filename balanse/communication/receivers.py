"""How the communication register plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.communication import demo, queries
from balanse.communication.registers import REGISTERS
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    load_demo_data,
    menu_items,
    operator_panels,
    registers_requested,
)


@receiver(menu_items)
def communication_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    if not (request.user.is_authenticated and request.user.has_perm("communication.manage_communication")):
        return []
    match = request.resolver_match
    active = bool(match and match.app_name == "communication")
    return [MenuItem(url=reverse("communication:list"), label=_("Communication"), active=active, order=24)]


@receiver(operator_panels)
def communication_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("communication.manage_communication"):
        return []
    year = timezone.localdate().year
    figures = queries.from_counts(queries.counts(year))  # the panel shows no key figures: not read
    return [
        Panel(
            "communication/_operator_panel.html",
            {"communication_year": year, "communication": figures},
            order=7,
        )
    ]


@receiver(registers_requested)
def communication_registers(sender, **kwargs):
    return REGISTERS


@receiver(annual_figures_requested)
def communication_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(load_demo_data)
def communication_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    demo.load_demo(stdout)
    return []
