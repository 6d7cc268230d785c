"""Preview and confirm an import: nothing is written until the person confirms, and then all or nothing."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import RowResult

from balanse.core.registers.base import Register

logger = logging.getLogger(__name__)


@dataclass
class RefusedRow:
    number: int  # the row's line in the file (the header is line 1)
    reasons: list[str]


@dataclass
class ImportSummary:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    @property
    def changes(self) -> int:
        return self.new + self.updated


class ImportRefused(Exception):
    """The import has refused rows; nothing was written."""

    def __init__(self, summary: ImportSummary):
        super().__init__(
            _("Nothing was imported: %(count)s rows were refused.") % {"count": len(summary.refused)}
        )
        self.summary = summary


def _reasons_of_invalid(error, columns: dict[str, str]) -> list[str]:
    if hasattr(error, "message_dict"):
        reasons = []
        for name, messages in error.message_dict.items():
            prefix = "" if name in ("__all__", None) else f"{columns.get(name, name)}: "
            reasons += [prefix + message for message in messages]
        return reasons
    return list(error.messages)


def _summarise(result, resource) -> ImportSummary:
    # Errors are keyed by the model's attribute names; the person knows the file's column names.
    columns = {f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute}
    totals = result.totals
    summary = ImportSummary(
        total=result.total_rows,
        new=totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        updated=totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        unchanged=totals.get(RowResult.IMPORT_TYPE_SKIP, 0),
    )
    for invalid in result.invalid_rows:
        summary.refused.append(
            RefusedRow(number=invalid.number + 1, reasons=_reasons_of_invalid(invalid.error, columns))
        )
    for number, errors in result.row_errors():
        reasons = []
        for error in errors:
            if isinstance(error.error, ValueError | LookupError):
                reasons.append(str(error.error))
            else:
                logger.warning("Import row %s failed: %r", number, error.error)
                reasons.append(_("This row could not be read."))
        summary.refused.append(RefusedRow(number=number + 1, reasons=reasons))
    if result.base_errors:
        for error in result.base_errors:
            logger.warning("Import failed: %r", error.error)
        summary.refused.append(RefusedRow(number=1, reasons=[_("The file could not be imported.")]))
    summary.refused.sort(key=lambda row: row.number)
    return summary


def preview(register: Register, dataset, *, by=None) -> ImportSummary:
    """What importing `dataset` would do; writes nothing."""
    resource = register.resource()
    result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True, user=by)
    return _summarise(result, resource)


def confirm(register: Register, dataset, *, by=None) -> ImportSummary:
    """Import `dataset`: every row or none (raises ImportRefused, having written nothing)."""
    resource = register.resource()
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=by,
        )
        summary = _summarise(result, resource)
        if not summary.ok:
            transaction.set_rollback(True)
            raise ImportRefused(summary)
    return summary
