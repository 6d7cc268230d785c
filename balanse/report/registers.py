"""The `finance` register as a file (BACK-OFFICE.md): year, line, amount (income positive, expense negative),
matched on year + line. The accounting system's export is read as it is; its line names are mapped to the
report's lines on the finance page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from balanse.core import audit
from balanse.core.registers import Register, widgets
from balanse.report.models import FinanceLine


class FinanceLineResource(resources.ModelResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    line = fields.Field(attribute="line", column_name="line", widget=widgets.TextWidget())
    amount = fields.Field(attribute="amount", column_name="amount", widget=widgets.AmountWidget())

    class Meta:
        model = FinanceLine
        fields = ("year", "line", "amount")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def get_or_init_instance(self, instance_loader, row):
        try:
            year = widgets.NumberWidget().clean(row.get("year"))
        except ValueError:
            year = None
        line = str(row.get("line") or "").strip()
        found = FinanceLine.objects.filter(year=year, line=line).first() if year and line else None
        return (found, False) if found else (FinanceLine(), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute, value in (
            ("year", instance.year),
            ("line", instance.line),
            ("amount", instance.amount),
        ):
            if attribute not in errors and value in (None, ""):
                errors.setdefault(attribute, []).append(_("This column must have a value."))
        if "year" not in errors and instance.year is not None and not 1990 <= instance.year <= 2200:
            errors.setdefault("year", []).append(_("The year must be between 1990 and 2200."))
        if "line" not in errors and len(instance.line or "") > 200:
            errors.setdefault("line", []).append(_("Write the line's name in at most 200 characters."))
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action="report.finance_line_imported", obj=instance)


def finance_rows(year: int | None):
    lines = FinanceLine.objects.order_by("year", "line")
    return lines.filter(year=year) if year else lines


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
