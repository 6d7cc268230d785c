"""The `grants` register as a file (BACK-OFFICE.md "Import formats"): year, project, applicant, amount, status,
decided_on; matched on year + project + applicant. An applicant whose name matches an organisation links it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from balanse.core import audit
from balanse.core.registers import Register, widgets
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


class GrantResource(resources.ModelResource):
    year = fields.Field(attribute="year", column_name="year", widget=widgets.NumberWidget())
    project = fields.Field(attribute="project", column_name="project", widget=widgets.TextWidget())
    applicant = fields.Field(attribute="applicant", column_name="applicant", widget=widgets.TextWidget())
    amount = AmountField(attribute="amount", column_name="amount", widget=widgets.AmountWidget())
    status = fields.Field(attribute="status", column_name="status", widget=widgets.ChoiceWidget(STATUS_NAMES))
    decided_on = fields.Field(attribute="decided_on", column_name="decided_on", widget=widgets.DateWidget())

    class Meta:
        model = Application
        fields = ("year", "project", "applicant", "amount", "status", "decided_on")
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
            return Application(), True
        project = str(row.get("project") or "").strip()
        applicant = str(row.get("applicant") or "").strip()
        found = (
            Application.objects.filter(year=year, project=project, applicant=applicant)
            .exclude(status=Status.DRAFT)
            .first()
        )
        return (found, False) if found else (Application(), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

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

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute in ("year", "project", "applicant", "status"):
            if attribute not in errors and getattr(instance, attribute) in (None, ""):
                errors.setdefault(attribute, []).append(_("This column must have a value."))
        if "amount" not in errors and getattr(instance, "_amount", None) is None:
            errors.setdefault("amount", []).append(_("This column must have a value."))
        if instance.year is not None and "year" not in errors and not 1900 <= instance.year <= 2200:
            errors.setdefault("year", []).append(_("“%(value)s” is not a year.") % {"value": instance.year})
        if len(instance.project or "") > 200 or len(instance.applicant or "") > 200:
            errors.setdefault("project", []).append(_("Write at most 200 characters."))
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action="grants.imported", obj=instance)


def grant_rows(year: int | None):
    rows = Application.objects.applied().exclude(status=Status.SUBMITTED).order_by("year", "project", "pk")
    return rows.filter(year=year) if year else rows


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
