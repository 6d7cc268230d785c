"""How Balansepotten plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

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
from balanse.grants import content, demo, privacy, queries
from balanse.grants.registers import REGISTERS


@receiver(menu_items)
def grants_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    return staff_menu_item(
        request, "grants.manage_grants", "grants:overview", _("Balansepotten"), 25, under="/drift/"
    )


@receiver(operator_panels)
@with_permission("grants.manage_grants")
def grants_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    year = timezone.localdate().year
    return [
        Panel(
            "grants/_operator_panel.html",
            {"grants_year": year, "grants": queries.kept_year_overview(year)},
            order=6,
        )
    ]


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


answer_always(registers_requested, REGISTERS, dispatch_uid="grants.registers")
answer_with_demo(demo.load_demo, dispatch_uid="grants.demo")
