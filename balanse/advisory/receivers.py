"""How the advisory line plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.advisory import demo, privacy, queries
from balanse.advisory.models import Inquiry
from balanse.advisory.registers import REGISTERS
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    load_demo_data,
    menu_items,
    operator_panels,
    personal_data_requested,
    registers_requested,
)


@receiver(menu_items)
def advisory_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    if not (request.user.is_authenticated and request.user.has_perm("advisory.view_counts")):
        return []
    match = request.resolver_match
    active = bool(match and match.app_name == "advisory")
    return [MenuItem(url=reverse("advisory:overview"), label=_("Advisory line"), active=active, order=26)]


@receiver(operator_panels)
def advisory_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("advisory.view_counts"):
        return []
    year = timezone.localdate().year
    adviser = request.user.has_perm("advisory.view_inquiries")
    count = Inquiry.objects.filter(date__year=year).count()
    if not adviser and 0 < count < queries.THRESHOLD:
        count = None  # a cell under 3, outside the adviser role
    context = {"advisory_year": year, "advisory_count": count, "advisory_adviser": adviser}
    return [Panel("advisory/_operator_panel.html", context, order=7)]


@receiver(registers_requested)
def advisory_registers(sender, **kwargs):
    return REGISTERS


@receiver(annual_figures_requested)
def advisory_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(personal_data_requested)
def advisory_personal_data(sender, **kwargs):
    return privacy.declarations()


@receiver(load_demo_data)
def advisory_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout)
