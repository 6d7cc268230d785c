"""How the annual report plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core.links import path_of
from balanse.core.privacy import LegalBasis, PersonalData, authorship
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
from balanse.report import demo, queries
from balanse.report.models import AnnualReport, Position, SurveyLink
from balanse.report.registers import REGISTERS

PERMISSION = "report.manage_report"


@receiver(menu_items)
def report_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    """The published reports for everyone (no query: the list says when none is published yet)."""
    match = request.resolver_match
    items = [
        MenuItem(
            url=path_of("report:published_list"),
            label=_("Annual reports"),
            active=bool(match and match.view_name in ("report:published_list", "report:public")),
            public=True,
            order=70,
        )
    ]
    return items + staff_menu_item(
        request, PERMISSION, "report:overview", _("Annual report"), 25, under="/drift/"
    )


@receiver(operator_panels)
@with_permission(PERMISSION)
def report_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    year = timezone.localdate().year - 1
    return [Panel("report/_operator_panel.html", {"report_year": year}, order=8)]


@receiver(annual_figures_requested)
def report_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.own_figures(year, together=years, defer=defer)


@receiver(personal_data_requested)
def report_personal_data(sender, **kwargs):
    return [
        PersonalData(
            model=Position,
            subjects=gettext_lazy("board members, deputies, nomination committee and staff"),
            categories=gettext_lazy("name, role, year, e-mail address, self-reported gender (optional), FTE"),
            purpose=gettext_lazy("the association's record of its bodies, and the annual report"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=gettext_lazy("kept as the association's history; the e-mail address may be emptied"),
            email_field="email",
        ),
        PersonalData(
            model=SurveyLink,
            subjects=gettext_lazy("board members offered the diversity survey"),
            categories=gettext_lazy("e-mail address, whether the link was used (never the answers)"),
            purpose=gettext_lazy("sending the single-use survey link and reminders"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=gettext_lazy("deleted when the survey closes"),
            email_field="email",
        ),
        authorship(
            AnnualReport,
            "published_by",
            categories=gettext_lazy("who published an annual report"),
            purpose=gettext_lazy("to show who published the report"),
        ),
    ]


answer_always(registers_requested, REGISTERS, dispatch_uid="report.registers")
answer_with_demo(demo.load_demo, dispatch_uid="report.demo")
