"""Saving an edit of a row from a form: write the fields the form gave, validate, save, and say which changed
(for the audit log, which names the fields, never their content)."""

from django.db import models

from balanse.core import audit
from balanse.core.audit import changed_fields


def save_changes(instance: models.Model, data: dict, fields: list[str]) -> list[str]:
    """Write onto `instance` each of `fields` that `data` holds, validate it (full_clean) and save it; return
    the names of the fields whose value differs from the row as it was stored. The stored row is the snapshot,
    not the instance: a bound ModelForm has already written its values onto the instance. A new instance (no
    primary key yet) is compared with itself as it was before `data` was written."""
    stored = instance if instance.pk is None else type(instance)._default_manager.get(pk=instance.pk)
    old = {name: getattr(stored, name) for name in fields}
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean()
    instance.save()
    return changed_fields(instance, old, fields)


def save_recorded(instance: models.Model, *, by, action: str) -> models.Model:
    """Validate and save `instance` and write the audit log: `<action>.created` for a new row, else
    `<action>.updated`. Run it inside the caller's transaction."""
    created = instance.pk is None
    instance.full_clean()
    instance.save()
    audit.record(actor=by, action=f"{action}.created" if created else f"{action}.updated", obj=instance)
    return instance


def delete_recorded(instance: models.Model, *, by, action: str) -> None:
    """Write `<action>.deleted` to the audit log and delete `instance`. Run it inside the caller's transaction."""
    audit.record(actor=by, action=f"{action}.deleted", obj=instance)
    instance.delete()
