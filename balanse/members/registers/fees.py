"""The `fees` register: one row is one member's fee for one year."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.members import services
from balanse.members.models import Fee
from balanse.members.registers.cells import MemberRefWidget, PaidWidget, RegisterResource, require_value


class FeeResource(RegisterResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    member = fields.Field(attribute="member", column_name="member", widget=MemberRefWidget())
    tier = fields.Field(attribute="tier", column_name="tier", widget=widgets.AmountWidget())
    agreement = fields.Field(attribute="agreement", column_name="agreement", widget=widgets.TextWidget())
    paid = fields.Field(attribute="paid", column_name="paid", widget=PaidWidget())
    paid_on = fields.Field(attribute="paid_on", column_name="paid_on", widget=widgets.DateWidget())

    audit_action = "fee.imported"

    class Meta:
        model = Fee
        fields = ("year", "member", "tier", "agreement", "paid", "paid_on")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_or_init_instance(self, instance_loader, row):
        try:
            year = widgets.NumberWidget().clean(row.get("year"))
            member = MemberRefWidget().clean(row.get("member"))
        except ValueError:
            return Fee(), True
        fee = Fee.objects.filter(year=year, member=member).select_related("member__organisation").first()
        return (fee, False) if fee else (Fee(), True)

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        require_value(errors, "year", instance.year, problems)
        require_value(errors, "member", instance.member_id, problems)
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
    return fees.filter(year=year) if year else fees


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
