"""The `grants` register as a file (BACK-OFFICE.md "Import formats"): year, project, applicant, amount, status,
decided_on; matched on year + project + applicant. An applicant whose name matches an organisation links it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, of_year, require_value, text_cell
from balanse.grants.models import GIVEN, Application, Status
from balanse.grants.services import match_organisation

STATUS_NAMES = {
    Status.GRANTED.value: ["innvilget", "granted"],
    Status.POSTPONED.value: ["utsatt", "postponed"],
    Status.PAID.value: ["utbetalt", "paid"],
    Status.DECLINED.value: ["avslått", "declined", "avslatt"],
}


class AmountField(fields.Field):
    """`amount` is the amount granted for a grant given, the amount applied for otherwise."""

    def get_value(self, obj):
        return obj.amount

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = self.clean(row, **kwargs)
        instance._amount = value


class GrantResource(RegisterResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    project = fields.Field(attribute="project", column_name="project", widget=widgets.TextWidget())
    applicant = fields.Field(attribute="applicant", column_name="applicant", widget=widgets.TextWidget())
    amount = AmountField(attribute="amount", column_name="amount", widget=widgets.AmountWidget())
    status = fields.Field(attribute="status", column_name="status", widget=widgets.ChoiceWidget(STATUS_NAMES))
    decided_on = fields.Field(attribute="decided_on", column_name="decided_on", widget=widgets.DateWidget())

    audit_action = "grants.imported"
    required = ("year", "project", "applicant", "status")

    class Meta:
        model = Application
        fields = ("year", "project", "applicant", "amount", "status", "decided_on")

    def find(self, row):
        try:
            year = widgets.NumberWidget().clean(row.get("year"))
        except ValueError:
            return None
        return (
            Application.objects.filter(
                year=year, project=text_cell(row, "project"), applicant=text_cell(row, "applicant")
            )
            .exclude(status=Status.DRAFT)
            .first()
        )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        amount = getattr(instance, "_amount", None)
        if instance.status in GIVEN:
            instance.amount_granted = amount
            if instance.amount_applied is None:
                instance.amount_applied = amount
        else:
            instance.amount_applied, instance.amount_granted = amount, None
        instance.organisation = match_organisation(instance.applicant)
        instance.applicant_kind = "organisation" if instance.organisation else instance.applicant_kind

    def check(self, instance, errors):
        problems: list[tuple[str, str]] = []
        require_value(errors, "amount", getattr(instance, "_amount", None), problems)
        if instance.year is not None and "year" not in errors and not 1900 <= instance.year <= 2200:
            problems.append(("year", _("“%(value)s” is not a year.") % {"value": instance.year}))
        if len(instance.project or "") > 200 or len(instance.applicant or "") > 200:
            problems.append(("project", _("Write at most 200 characters.")))
        return problems


def grant_rows(year: int | None):
    rows = Application.objects.applied().exclude(status=Status.SUBMITTED).order_by("year", "project", "pk")
    return of_year(rows, year, "year")


REGISTERS = [
    Register(
        kind="grants",
        label=gettext_lazy("Balansepotten (grants)"),
        resource=GrantResource,
        permission="grants.manage_grants",
        required=("year", "project", "applicant", "amount", "status"),
        aliases={
            "år": "year",
            "prosjekt": "project",
            "søker": "applicant",
            "sum": "amount",
            "beløp": "amount",
            "status": "status",
            "vedtatt": "decided_on",
            "vedtaksdato": "decided_on",
        },
        queryset=grant_rows,
        description=gettext_lazy(
            "one row is a grant from Balansepotten, matched on year, project and applicant."
        ),
    )
]
