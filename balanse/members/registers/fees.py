"""The `fees` register: one row is one member's fee for one year."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, of_year
from balanse.members import services
from balanse.members.models import Fee
from balanse.members.registers.cells import MemberRefWidget, PaidWidget


class FeeResource(RegisterResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    member = fields.Field(attribute="member", column_name="member", widget=MemberRefWidget())
    tier = fields.Field(attribute="tier", column_name="tier", widget=widgets.AmountWidget())
    agreement = fields.Field(attribute="agreement", column_name="agreement", widget=widgets.TextWidget())
    paid = fields.Field(attribute="paid", column_name="paid", widget=PaidWidget())
    paid_on = fields.Field(attribute="paid_on", column_name="paid_on", widget=widgets.DateWidget())

    audit_action = "fee.imported"
    required = ("year", "member")

    class Meta:
        model = Fee
        fields = ("year", "member", "tier", "agreement", "paid", "paid_on")

    def find(self, row):
        try:
            year = widgets.NumberWidget().clean(row.get("year"))
            member = MemberRefWidget().clean(row.get("member"))
        except ValueError:
            return None
        return Fee.objects.filter(year=year, member=member).select_related("member__organisation").first()

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        if instance.year is not None and not 1900 <= instance.year <= 2200:
            problems.append(("year", _("“%(value)s” is not a year.") % {"value": instance.year}))
            return problems
        if problems or errors:
            return problems
        if not instance.member.counts_in(instance.year):
            problems.append(
                (
                    "member",
                    _("%(name)s was not a member in %(year)s.")
                    % {"name": instance.member, "year": instance.year},
                )
            )
        if "tier" not in errors:
            try:
                services.check_tier(instance.year, instance.tier)
            except ValidationError as exc:
                problems += [("tier", message) for message in exc.message_dict["tier"]]
        if "paid" not in errors and instance.paid < 0:
            problems.append(("paid", _("The amount cannot be negative.")))
        if len(instance.agreement) > 1000:
            problems.append(("agreement", _("Write the agreement in at most 1000 characters.")))
        return problems


def fee_rows(year: int | None):
    fees = Fee.objects.select_related("member__organisation").order_by("year", "member__organisation__name")
    return of_year(fees, year, "year")


REGISTER = Register(
    kind="fees",
    label=gettext_lazy("Membership fees"),
    resource=FeeResource,
    permission="members.manage_members",
    required=("year", "member"),
    aliases={
        "år": "year",
        "medlem": "member",
        "nivå": "tier",
        "kontingent": "tier",
        "særavtale": "agreement",
        "avtale": "agreement",
        "betalt": "paid",
        "betalt dato": "paid_on",
        "betalt den": "paid_on",
        "betalingsdato": "paid_on",
    },
    queryset=fee_rows,
    description=gettext_lazy("one row is one member's fee for one year, matched on year and member."),
)
