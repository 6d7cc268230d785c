"""How the member register plugs into the platform (see balanse/core/signals.py)."""

from datetime import date

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core import compiled
from balanse.core.links import path_of
from balanse.core.privacy import authorship
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    answer_always,
    answer_with_demo,
    menu_items,
    operator_panels,
    organisations_reached,
    personal_data_requested,
    registers_requested,
    staff_menu_item,
    with_permission,
)
from balanse.members import demo, privacy, queries
from balanse.members.models import (
    ApplicationState,
    Contact,
    Fee,
    Member,
    MembershipApplication,
    Payment,
    in_span,
    year_bounds,
)
from balanse.members.registers import REGISTERS
from balanse.organisations.signals import organisation_panels


@receiver(menu_items)
def members_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    match = request.resolver_match
    items = [
        MenuItem(
            url=path_of("members:apply"),
            label=_("Become a member"),
            active=bool(match and match.view_name == "members:apply"),
            public=True,
            order=60,
        )
    ]
    return items + staff_menu_item(
        request, "members.manage_members", "members:list", _("Members"), 20, under="/drift/"
    )


@receiver(operator_panels)
@with_permission("members.manage_members")
def members_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    year = timezone.localdate().year
    first, last = year_bounds(year)
    return [
        Panel(
            "members/_operator_panel.html",
            {"members_year": year},
            order=5,
            counts=_operator_counts,
            count_values={"first": first, "last": last},
        )
    ]


def _operator_counts(*, first: date, last: date) -> dict:
    """The operator panel's figures: members of the year (`of_year`, as its first and last day), applications
    waiting, claims not paid, payments not matched."""
    return {
        "members_count": Member.objects.filter(in_span(first, last)),
        "pending_applications": MembershipApplication.objects.filter(state=ApplicationState.PENDING),
        "unpaid_claims": Fee.objects.unpaid_claims(),
        "open_payments": Payment.objects.filter(fee__isnull=True, dismissed_at__isnull=True),
    }


@receiver(organisation_panels)
def members_organisation_panel(sender, *, request, organisation, **kwargs) -> list[Panel]:
    if not request.user.has_perm("members.view_own_membership", organisation):
        return []
    # The fees with their membership in one query; the membership alone only when it has no fee.
    fees = compiled.instances(
        "members.organisation_panel.fees",
        Fee,
        lambda organisation: Fee.objects.filter(member__organisation=organisation).order_by("-year"),
        related=("member",),
        organisation=organisation.pk,
    )
    member = (
        fees[0].member
        if fees
        else compiled.instance(
            "members.organisation_panel.member",
            Member,
            lambda organisation: Member.objects.filter(organisation=organisation),
            organisation=organisation.pk,
        )
    )
    return [
        Panel(
            "members/_organisation_panel.html",
            {"organisation": organisation, "member": member, "member_fees": fees},
            order=5,
        )
    ]


@receiver(annual_figures_requested)
def members_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    return queries.annual_figures(year, together=years, defer=defer)


@receiver(organisations_reached)
def members_contacts_reached(sender, *, year: int, years=(), defer=False, **kwargs):
    """The contacts the staff logged by hand."""
    return queries.contacts_reached(year, together=years, defer=defer)


@receiver(personal_data_requested)
def members_personal_data(sender, **kwargs):
    return [
        *privacy.declarations(),
        authorship(
            Contact,
            "by",
            categories=gettext_lazy("the staff's notes of contacts with organisations, and who wrote them"),
            purpose=gettext_lazy("to follow up the member organisations"),
        ),
    ]


answer_always(registers_requested, REGISTERS, dispatch_uid="members.registers")
answer_with_demo(demo.load_demo, dispatch_uid="members.demo")
