"""The audit log: services call record() inside their transaction."""

from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.core import compiled
from balanse.core.dates import format_datetime
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


def latest_entries_for(obj: models.Model, limit: int) -> list[AuditEntry]:
    """`entries_for(obj)[:limit]`: the object's latest entries, newest first, each with who made it; read by SQL
    compiled once for each `limit` (an object's page shows its history)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return compiled.instances(
        ("core.audit.latest_entries_for", limit),
        AuditEntry,
        lambda content_type, object_id: AuditEntry.objects.filter(
            content_type_id=content_type, object_id=object_id
        )[:limit],
        related=("actor",),
        content_type=content_type.pk,
        object_id=str(obj.pk),
    )


# Readable labels. Each app declares what its actions mean in words (a dict of action → label) and registers
# it once (`register_labels`, from its AppConfig.ready or receivers). A label is a translatable string that
# may use %(object)s (the object as it was named when recorded), or a function(entry) → str. An action
# without a label is shown as its code.

_LABELS: dict[str, Any] = {}


def register_labels(labels: dict[str, Any]) -> None:
    _LABELS.update(labels)


def registered_actions() -> dict[str, Any]:
    return dict(_LABELS)


def label_for(entry: AuditEntry) -> str:
    label = _LABELS.get(entry.action)
    if label is None:
        return f"{entry.action}: {entry.object_repr}"
    if callable(label):
        return str(label(entry))
    return str(label) % {"object": entry.object_repr}


def action_label(action: str) -> str:
    """The label of an action without an object, for lists of actions (a filter)."""
    label = _LABELS.get(action)
    if label is None:
        return action
    if callable(label):
        return str(getattr(label, "short", action))
    return str(label).replace("%(object)s", "…").strip()


# The rows of an audit table (core/_audit_table.html: the audit log's page of 50, the operator's dashboard, an
# organisation's and a mark's history), written in Python rather than by the template language, each kept per
# moment, person, words and language. The markup is the row block's, character for character, with the table
# loop's white space, every value escaped as the template escaped it; tests/core/test_audit_rows.py holds them
# equal.


@lru_cache(maxsize=4096)
def _row(language: str | None, at, who: str, readable: str) -> str:
    """One entry's row in `language` (the active one: the moment's words are in it)."""
    return (
        f"\n    <tr><td>{conditional_escape(format_datetime(at))}</td><td>{conditional_escape(who)}</td>"
        f"<td>{conditional_escape(readable)}</td></tr>\n  "
    )


def rows(entries) -> SafeString:
    """The table rows of `entries` (AuditEntry with their actor read along), in order: when, who (the person,
    the pseudonym of a deleted one, or "the system") and what happened in words."""
    language, system = get_language(), gettext("the system")
    return SafeString(
        "".join(
            _row(
                language,
                entry.at,
                str(entry.actor) if entry.actor else entry.actor_pseudonym or system,
                entry.readable,
            )
            for entry in entries
        )
    )
