"""The resource base every register shares: an app's resource declares only its columns, how a row finds what
is stored, its own checks and its audit action.

`RegisterResource` (a django-import-export `ModelResource`):

- skips a row when it would write what is stored, compared as the file writes it (`values`), and reports it
  as unchanged, so importing the same file again changes nothing;
- a row finds what is stored through `find(row)` (None: a new row, `new_instance(row)`);
- validates into errors keyed by attribute (core shows them by column name): the `required` attributes must
  have a value ("This column must have a value."), then `check(instance, errors)` adds the register's own;
- audits each row it writes with `audit_action`.

The columns' order is the order of `Meta.fields`.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import resources

from balanse.core import audit


def value_of(instance, attribute: str):
    """An attribute as the resource names it (`organisation__name` follows the relation); an unset relation
    is None."""
    value = instance
    for name in attribute.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def require_value(errors, attribute: str, value, problems: list) -> None:
    """Add "This column must have a value." for `attribute` to `problems` when `value` is empty (and the
    column has no error yet)."""
    if attribute not in errors and value in (None, ""):
        problems.append((attribute, _("This column must have a value.")))


def cell(widget, row, column: str):
    """A row's cell read by `widget`, or None when the widget cannot read it."""
    try:
        return widget.clean(row.get(column))
    except ValueError:
        return None


def text_cell(row, column: str) -> str:
    return str(row.get(column) or "").strip()


def of_year(rows: QuerySet, year: int | None, lookup: str = "") -> QuerySet:
    """`rows` of `year` (all of them when year is None): filtered by `lookup` (`date__year`), else by the
    queryset's own `of_year`."""
    if not year:
        return rows
    return rows.filter(**{lookup: year}) if lookup else rows.of_year(year)


class RegisterResource(resources.ModelResource):
    audit_action = ""
    required: tuple[str, ...] = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True

    def values(self, instance) -> list:
        return [str(self.export_field(field, instance)) for field in self.get_import_fields()]

    def find(self, row):
        """What the row matches among the stored rows (None: the row is new)."""
        return None

    def new_instance(self, row):
        return self._meta.model()

    def get_or_init_instance(self, instance_loader, row):
        found = self.find(row)
        return (found, False) if found else (self.new_instance(row), True)

    def after_init_instance(self, instance, new, row, **kwargs):
        self._stored = None if new else self.values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or self._stored is None:
            return False
        return self.values(instance) == self._stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors: dict[str, list] = {k: list(v) for k, v in (import_validation_errors or {}).items()}
        problems: list[tuple[str, str]] = []
        for attribute in self.required:
            require_value(errors, attribute, value_of(instance, attribute), problems)
        for attribute, message in problems:
            errors.setdefault(attribute, []).append(message)
        for attribute, message in self.check(instance, errors):
            errors.setdefault(attribute, []).append(message)
        if errors:
            raise ValidationError(errors)

    def check(self, instance, errors) -> list[tuple[str, str]]:
        """The register's own problems as (attribute, message); `errors` holds those found so far."""
        return []

    def after_save_instance(self, instance, row, **kwargs):
        audit.record(actor=kwargs.get("user"), action=self.audit_action, obj=instance)
