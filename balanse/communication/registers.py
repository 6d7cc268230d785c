"""The `communication` register as a file (BACK-OFFICE.md "Import formats"): date, type (`medieoppslag`,
`kronikk`, `politisk møte`, `høringsinnspill`), title, link. Matched on date + type + title."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from balanse.communication.models import Entry, EntryType
from balanse.core import audit
from balanse.core.registers import Register, widgets


def _type_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for choice in EntryType:
        labels = [choice.value]
        for language in ("nb", "en"):
            with translation.override(language):
                labels.append(str(choice.label))
        names[choice.value] = labels
    names[EntryType.POLICY_MEETING].append("politisk innspillsmøte")
    names[EntryType.CONSULTATION].append("høringssvar")
    return names


class EntryResource(resources.ModelResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    type = fields.Field(attribute="type", column_name="type", widget=widgets.ChoiceWidget(_type_names()))
    title = fields.Field(attribute="title", column_name="title", widget=widgets.TextWidget())
    link = fields.Field(attribute="link", column_name="link", widget=widgets.TextWidget())

    class Meta:
        model = Entry
        fields = ("date", "type", "title", "link")
        import_order = fields
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def get_or_init_instance(self, instance_loader, row):
        try:
            when = widgets.DateWidget().clean(row.get("date"))
            type_ = widgets.ChoiceWidget(_type_names()).clean(row.get("type"))
        except ValueError:
            return Entry(), True
        title = str(row.get("title") or "").strip()
        found = Entry.objects.filter(date=when, type=type_, title=title).first() if when else None
        return (found, False) if found else (Entry(), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        for attribute in ("date", "type", "title"):
            if attribute not in errors and getattr(instance, attribute) in (None, ""):
                errors.setdefault(attribute, []).append(_("This column must have a value."))
        if len(instance.title or "") > 300:
            errors.setdefault("title", []).append(_("Write the title in at most 300 characters."))
        if instance.link and "link" not in errors:
            try:
                URLValidator(schemes=["http", "https"])(instance.link)
            except ValidationError:
                errors.setdefault("link", []).append(
                    _("“%(value)s” is not a web address (https://…).") % {"value": instance.link}
                )
            if len(instance.link) > 500:
                errors.setdefault("link", []).append(_("The link takes at most 500 characters."))
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action="communication.imported", obj=instance)


def entry_rows(year: int | None):
    entries = Entry.objects.order_by("date", "type", "title", "pk")
    return entries.of_year(year) if year else entries


REGISTERS = [
    Register(
        kind="communication",
        label=gettext_lazy("Communication"),
        resource=EntryResource,
        permission="communication.manage_communication",
        required=("date", "type", "title"),
        aliases={"dato": "date", "tittel": "title", "overskrift": "title", "lenke": "link", "url": "link"},
        queryset=entry_rows,
        description=gettext_lazy(
            "one row is a media story, op-ed, policy meeting or consultation response, matched on date, type "
            "and title."
        ),
    ),
]
