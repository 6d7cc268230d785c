"""The `finance` register as a file (BACK-OFFICE.md): year, line, amount (income positive, expense negative),
matched on year + line. The accounting system's export is read as it is; its line names are mapped to the
report's lines on the finance page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, cell, of_year, text_cell
from balanse.report.models import FinanceLine


class FinanceLineResource(RegisterResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    line = fields.Field(attribute="line", column_name="line", widget=widgets.TextWidget())
    amount = fields.Field(attribute="amount", column_name="amount", widget=widgets.AmountWidget())

    audit_action = "report.finance_line_imported"
    required = ("year", "line", "amount")

    class Meta:
        model = FinanceLine
        fields = ("year", "line", "amount")

    def find(self, row):
        year = cell(widgets.NumberWidget(), row, "year")
        line = text_cell(row, "line")
        return FinanceLine.objects.filter(year=year, line=line).first() if year and line else None

    def check(self, instance, errors):
        problems = []
        if "year" not in errors and instance.year is not None and not 1990 <= instance.year <= 2200:
            problems.append(("year", _("The year must be between 1990 and 2200.")))
        if "line" not in errors and len(instance.line or "") > 200:
            problems.append(("line", _("Write the line's name in at most 200 characters.")))
        return problems


def finance_rows(year: int | None):
    return of_year(FinanceLine.objects.order_by("year", "line"), year, "year")


REGISTERS = [
    Register(
        kind="finance",
        label=gettext_lazy("Finance lines"),
        resource=FinanceLineResource,
        permission="report.manage_report",
        required=("year", "line", "amount"),
        aliases={
            "år": "year",
            "linje": "line",
            "konto": "line",
            "post": "line",
            "beløp": "amount",
            "belop": "amount",
            "sum": "amount",
        },
        queryset=finance_rows,
        description=gettext_lazy("one row is an income (positive) or expense (negative) line of a year."),
    ),
]
