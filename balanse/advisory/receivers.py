"""How the advisory line plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.advisory import demo, privacy, queries
from balanse.advisory.registers import REGISTERS
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    answer_always,
    answer_with_demo,
    menu_items,
    operator_panels,
    personal_data_requested,
    registers_requested,
    staff_menu_item,
    with_permission,
)


@receiver(menu_items)
def advisory_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    return staff_menu_item(request, "advisory.view_counts", "advisory:overview", _("Advisory line"), 26)


@receiver(operator_panels)
@with_permission("advisory.view_counts")
def advisory_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    year = timezone.localdate().year
    adviser = request.user.has_perm("advisory.view_inquiries")
    count = queries.count_in_year(year)
    if not adviser and 0 < count < queries.THRESHOLD:
        count = None  # a cell under 3, outside the adviser role
    context = {"advisory_year": year, "advisory_count": count, "advisory_adviser": adviser}
    return [Panel("advisory/_operator_panel.html", context, order=7)]


@receiver(annual_figures_requested)
def advisory_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(personal_data_requested)
def advisory_personal_data(sender, **kwargs):
    return privacy.declarations()


answer_always(registers_requested, REGISTERS, dispatch_uid="advisory.registers")
answer_with_demo(demo.load_demo, dispatch_uid="advisory.demo")
