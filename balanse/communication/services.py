"""What changes the communication register. Each function runs in one transaction and writes the audit log."""

from django.db import transaction

from balanse.communication.models import Entry, KeyFigure, SupplementaryCount
from balanse.core import audit


@transaction.atomic
def save_entry(*, entry: Entry, by) -> Entry:
    created = entry.pk is None
    entry.full_clean()
    entry.save()
    audit.record(actor=by, action="communication.created" if created else "communication.updated", obj=entry)
    return entry


@transaction.atomic
def delete_entry(*, entry: Entry, by) -> None:
    audit.record(actor=by, action="communication.deleted", obj=entry)
    entry.delete()


@transaction.atomic
def save_supplementary(*, count: SupplementaryCount, by) -> SupplementaryCount:
    created = count.pk is None
    count.full_clean()
    count.save()
    audit.record(
        actor=by,
        action="communication_supplement.created" if created else "communication_supplement.updated",
        obj=count,
    )
    return count


@transaction.atomic
def delete_supplementary(*, count: SupplementaryCount, by) -> None:
    audit.record(actor=by, action="communication_supplement.deleted", obj=count)
    count.delete()


@transaction.atomic
def save_key_figure(*, figure: KeyFigure, by) -> KeyFigure:
    created = figure.pk is None
    figure.full_clean()
    figure.save()
    audit.record(actor=by, action="key_figure.created" if created else "key_figure.updated", obj=figure)
    return figure


@transaction.atomic
def delete_key_figure(*, figure: KeyFigure, by) -> None:
    audit.record(actor=by, action="key_figure.deleted", obj=figure)
    figure.delete()
