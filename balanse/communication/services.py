"""What changes the communication register. Each function runs in one transaction and writes the audit log."""

from django.db import transaction

from balanse.communication.models import Entry, KeyFigure, SupplementaryCount
from balanse.core.changes import delete_recorded, save_recorded


@transaction.atomic
def save_entry(*, entry: Entry, by) -> Entry:
    return save_recorded(entry, by=by, action="communication")


@transaction.atomic
def delete_entry(*, entry: Entry, by) -> None:
    delete_recorded(entry, by=by, action="communication")


@transaction.atomic
def save_supplementary(*, count: SupplementaryCount, by) -> SupplementaryCount:
    return save_recorded(count, by=by, action="communication_supplement")


@transaction.atomic
def delete_supplementary(*, count: SupplementaryCount, by) -> None:
    delete_recorded(count, by=by, action="communication_supplement")


@transaction.atomic
def save_key_figure(*, figure: KeyFigure, by) -> KeyFigure:
    return save_recorded(figure, by=by, action="key_figure")


@transaction.atomic
def delete_key_figure(*, figure: KeyFigure, by) -> None:
    delete_recorded(figure, by=by, action="key_figure")
