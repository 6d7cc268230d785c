"""How Balansepotten plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    load_default_content,
    load_demo_data,
    menu_items,
    operator_panels,
    organisations_reached,
    personal_data_requested,
    registers_requested,
)
from balanse.grants import content, demo, privacy, queries
from balanse.grants.registers import REGISTERS


@receiver(menu_items)
def grants_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    if not (request.user.is_authenticated and request.user.has_perm("grants.manage_grants")):
        return []
    match = request.resolver_match
    active = bool(match and match.app_name == "grants" and request.path.startswith("/drift/"))
    return [MenuItem(url=reverse("grants:overview"), label=_("Balansepotten"), active=active, order=25)]


@receiver(operator_panels)
def grants_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("grants.manage_grants"):
        return []
    year = timezone.localdate().year
    return [
        Panel(
            "grants/_operator_panel.html",
            {"grants_year": year, "grants": queries.year_overview(year)},
            order=6,
        )
    ]


@receiver(registers_requested)
def grants_registers(sender, **kwargs):
    return REGISTERS


@receiver(annual_figures_requested)
def grants_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(organisations_reached)
def grants_organisations_reached(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.organisations_reached(year, together=years, defer=defer)


@receiver(personal_data_requested)
def grants_personal_data(sender, **kwargs):
    return privacy.declarations()


@receiver(load_default_content)
def grants_default_content(sender, *, stdout, **kwargs):
    content.load_default_content(stdout)
    return "grants"


@receiver(load_demo_data)
def grants_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout)
