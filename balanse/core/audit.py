"""The audit log: services call record() inside their transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from balanse.core.models import AuditEntry


def record(*, actor, action: str, obj: models.Model, **details: Any) -> AuditEntry:
    """Write one audit entry: who (actor, may be None for the system), what action, on which object.

    `details` carries field names and identifiers, never the sensitive content itself.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        details=details,
    )


def changed_fields(instance: models.Model, old: dict[str, Any], fields: list[str]) -> list[str]:
    """Names of the fields whose value differs from the snapshot `old`."""
    return [name for name in fields if old.get(name) != getattr(instance, name)]


def entries_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
