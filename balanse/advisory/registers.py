"""The `advisory` register as a file (BACK-OFFICE.md): date, channel, topic, role, ref. Matched on ref; a row
without ref is a new inquiry every time (the preview counts it as new). Notes are never imported or exported."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from balanse.advisory.models import CallerRole, Channel, Inquiry, Topic
from balanse.core import audit
from balanse.core.registers import Register, widgets


def _names(choices) -> dict[str, list[str]]:
    return {value: [value] for value, _label in choices}


class InquiryResource(resources.ModelResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    channel = fields.Field(
        attribute="channel",
        column_name="channel",
        widget=widgets.ChoiceWidget({**_names(Channel.choices), "e-post": ["e-post", "epost", "email"]}),
    )
    topic = fields.Field(
        attribute="topic", column_name="topic", widget=widgets.ChoiceWidget(_names(Topic.choices))
    )
    role = fields.Field(
        attribute="caller_role",
        column_name="role",
        widget=widgets.ChoiceWidget(_names(CallerRole.choices), allow_empty=True),
    )
    ref = fields.Field(attribute="ref", column_name="ref", widget=widgets.TextWidget())

    class Meta:
        model = Inquiry
        fields = ("date", "channel", "topic", "role", "ref")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def get_or_init_instance(self, instance_loader, row):
        ref = str(row.get("ref") or "").strip()
        found = Inquiry.objects.filter(ref=ref).first() if ref else None
        return (found, False) if found else (Inquiry(), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute in ("date", "channel", "topic"):
            if attribute not in errors and getattr(instance, attribute) in (None, ""):
                errors.setdefault(attribute, []).append(_("This column must have a value."))
        if len(instance.ref or "") > 40:
            errors.setdefault("ref", []).append(_("Write the case number in at most 40 characters."))
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action="advisory.imported", obj=instance)


def inquiry_rows(year: int | None):
    rows = Inquiry.objects.order_by("date", "pk")
    return rows.filter(date__year=year) if year else rows


REGISTERS = [
    Register(
        kind="advisory",
        label=gettext_lazy("The advisory line (inquiries)"),
        resource=InquiryResource,
        permission="advisory.log_inquiry",
        required=("date", "channel", "topic"),
        aliases={
            "dato": "date",
            "kanal": "channel",
            "tema": "topic",
            "rolle": "role",
            "hvem": "role",
            "saksnummer": "ref",
            "referanse": "ref",
        },
        queryset=inquiry_rows,
        description=gettext_lazy(
            "one row is an inquiry to the advisory line, matched on its case number; a row without one is new "
            "every time. Notes are never in the file."
        ),
    )
]
