"""The advisory line's rules: the adviser role, logging and editing an inquiry (notes encrypted), opening one
(audited, never the content), and deleting notes after the retention period (the counts stay)."""

import calendar
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.advisory import crypto
from balanse.advisory.models import Inquiry
from balanse.core import audit

ADVISER_GROUP = "Rådgivningstelefonen"
FIELDS = ["ref", "date", "channel", "topic", "caller_role", "field", "help_given", "follow_up"]
NotesKeyError = crypto.NotesKeyError


class AdvisoryError(Exception):
    """A step that cannot be taken (the message is for the person)."""


def _adviser_group() -> Group:
    group, _created = Group.objects.get_or_create(name=ADVISER_GROUP)
    permission = Permission.objects.get(content_type__app_label="advisory", codename="adviser")
    group.permissions.add(permission)
    return group


@transaction.atomic
def grant_adviser_role(*, user, by) -> None:
    if not user.is_staff or not user.is_active:
        raise AdvisoryError(
            _("Only active staff can answer the advisory line (they log in with a second factor).")
        )
    user.groups.add(_adviser_group())
    audit.record(actor=by, action="advisory.role_granted", obj=user)


@transaction.atomic
def revoke_adviser_role(*, user, by) -> None:
    user.groups.remove(_adviser_group())
    audit.record(actor=by, action="advisory.role_revoked", obj=user)


def advisers():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=ADVISER_GROUP).order_by("full_name", "email")


def _set_notes(inquiry: Inquiry, notes: str) -> None:
    if notes.strip():
        inquiry.notes_ciphertext, inquiry.notes_key, inquiry.notes_key_id = crypto.encrypt(
            notes.strip(), associated=str(inquiry.uid)
        )
    else:
        inquiry.notes_ciphertext, inquiry.notes_key, inquiry.notes_key_id = None, None, ""


@transaction.atomic
def log_inquiry(*, data: dict, notes: str, by) -> Inquiry:
    inquiry = Inquiry(created_by=by, **{name: data[name] for name in FIELDS if name in data})
    _set_notes(inquiry, notes)
    inquiry.save()
    audit.record(actor=by, action="advisory.inquiry_logged", obj=inquiry, notes=bool(notes.strip()))
    return inquiry


@transaction.atomic
def update_inquiry(*, inquiry: Inquiry, data: dict, notes: str | None, by) -> Inquiry:
    """Change the facts; `notes` None keeps them as they are, "" deletes them, text replaces them."""
    old = {name: getattr(inquiry, name) for name in FIELDS}
    for name in FIELDS:
        if name in data:
            setattr(inquiry, name, data[name])
    changed = audit.changed_fields(inquiry, old, FIELDS)
    if notes is not None:
        if inquiry.notes_deleted_at and notes.strip():
            raise AdvisoryError(
                _("The notes were deleted after the retention period and cannot be written again.")
            )
        _set_notes(inquiry, notes)
        changed.append("notes")
    inquiry.save()
    audit.record(actor=by, action="advisory.inquiry_changed", obj=inquiry, fields=changed)
    return inquiry


def open_inquiry(*, inquiry: Inquiry, by) -> str:
    """The notes for an adviser who opens the inquiry; the opening is audited (who, when, which) even when
    the notes cannot be read. Raises NotesKeyError with a clear message when the key is missing or wrong."""
    audit.record(actor=by, action="advisory.inquiry_opened", obj=inquiry)
    if not inquiry.has_notes:
        return ""
    return crypto.decrypt(
        inquiry.notes_ciphertext, inquiry.notes_key, inquiry.notes_key_id, associated=str(inquiry.uid)
    )


def retention_cutoff(today: date | None = None) -> date:
    """The first day whose notes are kept: the same day ADVISORY_NOTES_RETENTION_MONTHS months back (the
    month's last day when that month is shorter)."""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - settings.ADVISORY_NOTES_RETENTION_MONTHS
    year, month = divmod(months, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(today.day, last_day))


@transaction.atomic
def delete_expired_notes(*, today: date | None = None) -> int:
    """Delete the notes of inquiries older than the retention period; the inquiries (and counts) stay.
    Running it again deletes nothing more."""
    expired = Inquiry.objects.filter(date__lt=retention_cutoff(today), notes_ciphertext__isnull=False)
    pks = list(expired.values_list("pk", flat=True))
    Inquiry.objects.filter(pk__in=pks).update(
        notes_ciphertext=None, notes_key=None, notes_key_id="", notes_deleted_at=timezone.now()
    )
    for inquiry in Inquiry.objects.filter(pk__in=pks):
        audit.record(actor=None, action="advisory.notes_deleted", obj=inquiry)
    return len(pks)
