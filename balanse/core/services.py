"""People's own data: retention, a person's data download, the operator's lookup and erasure, account deletion.

All of it is driven by the register of personal data (`balanse.core.privacy.declarations()`).
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from balanse.core import compiled, privacy, stamps
from balanse.core.audit import record
from balanse.core.counts import count_each_compiled
from balanse.core.models import AuditEntry, User
from balanse.core.signals import DeletionNote, account_deletion_requested, collect

# Retention.


@dataclass
class RetentionResult:
    entry: privacy.PersonalData
    count: int

    @property
    def label(self) -> str:
        return f"{self.entry.model._meta.label}"


def apply_retention() -> list[RetentionResult]:
    """Apply every declared retention rule once: erase (or delete) the rows past their period. Idempotent."""
    results = []
    for entry in privacy.declarations():
        if entry.expires is None:
            continue
        with transaction.atomic():
            expired = entry.expires()
            if entry.erase is not None:
                count = entry.erase(expired)
            else:
                _total, per_model = expired.delete()
                count = per_model.get(entry.model._meta.label, 0)
        results.append(RetentionResult(entry, count or 0))
    return results


# A person's data.


def _plain(value):
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return None
    if isinstance(value, (dict, list, str, int, float, bool)) or value is None:
        return value
    return str(value)


def serialise(entry: privacy.PersonalData, row: models.Model) -> dict:
    hidden = privacy.ALWAYS_HIDDEN | set(entry.hidden_fields)
    # A key that is a secret (a session's) is not the row's id in a download.
    data = {"id": None if row._meta.pk.name in hidden else _plain(row.pk), "text": str(row)}
    for model_field in row._meta.concrete_fields:
        if model_field.name in hidden or model_field.primary_key:
            continue
        data[model_field.name] = _plain(model_field.value_from_object(row))
    return data


def _section(entry: privacy.PersonalData, rows) -> dict:
    meta = entry.model._meta
    return {
        "app": meta.app_config.label,
        "register": str(entry.name),
        "model": meta.label,
        "about": str(entry.subjects),
        "categories": str(entry.categories),
        "purpose": str(entry.purpose),
        "legal_basis": str(privacy.legal_basis_label(entry)),
        "retention": str(entry.retention),
        "rows": [serialise(entry, row) for row in rows],
    }


def _rows_for(entry: privacy.PersonalData, *, user_id: int | None, email: str):
    """The rows of the declaration's register about the person: linked to their account (`user_id`) or naming
    their e-mail address (`email`, already in lower case; compared with the column in lower case, so that
    the address is a parameter of the SQL as it is: see `matches`)."""
    condition = Q()
    if user_id is not None:
        for name in privacy.user_links(entry):
            condition |= Q(**{name: user_id})
    if entry.email_field and email:
        condition |= Q(Exact(Lower(entry.email_field), email))
    if not condition:
        return entry.model.objects.none()
    return entry.model._default_manager.filter(condition)


def personal_data(*, user: User | None = None, email: str = "") -> dict:
    """Everything the register holds about a person (their account and/or an e-mail address), as plain JSON."""
    email = (email or (user.email if user else "")).strip().lower()
    sections = []
    for entry in privacy.declarations():
        rows = list(_rows_for(entry, user_id=user.pk if user else None, email=email))
        if rows:
            sections.append(_section(entry, rows))
    return {
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "controller": settings.BALANSEKUNST_NAME,
        "email": email,
        "registers": sections,
    }


def matches(*, email: str) -> list[tuple[privacy.PersonalData, int]]:
    """(declaration, number of rows) for each register that holds something about the e-mail address.

    Two queries count every register (`count_each_compiled`), each compiled once per process for each shape of
    the question (with or without an account, with or without an address) and set of registers: one the
    registers with the write stamp, kept until one of them changes (`balanse.core.stamps`), one the rest."""
    email = email.strip().lower()
    found = compiled.rows(  # the address in lower case, as the index on it holds it (a scan with iexact)
        "privacy.account_of_email",
        lambda email: (
            User.objects.filter(Exact(Lower("email"), email)).order_by("email").values_list("pk")[:1]
        ),
        email=email,
    )
    user_id = found[0][0] if found else None
    entries = privacy.declarations()
    values = {"user_id": user_id, "email": email}
    values = {name: value for name, value in values.items() if value not in (None, "")}
    # The registers' counts are kept until a register changes (their tables carry the write stamp: an
    # operator's thousands of recorded state changes are not counted on every view); the rest, the account's
    # own tables (log, sessions, e-mails), are counted each time.
    stamped = stamps.stamped_tables()
    kept_part = tuple(index for index, entry in enumerate(entries) if entry.model._meta.db_table in stamped)
    live_part = tuple(index for index in range(len(entries)) if index not in kept_part)

    def count(indexes: tuple[int, ...]) -> dict:
        shape = tuple(
            (entries[i].model._meta.label, tuple(privacy.user_links(entries[i])), entries[i].email_field)
            for i in indexes
        )

        def build(user_id: int | None = None, email: str = "") -> dict:
            return {index: _rows_for(entries[index], user_id=user_id, email=email) for index in indexes}

        return count_each_compiled(("privacy.matches", shape, tuple(sorted(values))), build, **values)

    counted = count(live_part) if live_part else {}
    if kept_part:
        counted |= stamps.kept(
            (
                "privacy.matches",
                tuple(entries[i].model._meta.label for i in kept_part),
                tuple(sorted(values.items())),
            ),
            partial(count, kept_part),
        )
    return [(entry, counted[index]) for index, entry in enumerate(entries) if counted[index]]


# Erasure.


def pseudonym(user: User) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"user:{user.pk}".encode(), hashlib.sha256).hexdigest()
    return f"slettet-{digest[:10]}"


def deletion_notes(user: User) -> list[DeletionNote]:
    return collect(account_deletion_requested, user=user)


class DeletionRefused(Exception):
    def __init__(self, notes: list[DeletionNote]):
        self.notes = notes
        super().__init__(" ".join(note.text for note in notes))


def delete_account(*, user: User, by: User | None) -> str:
    """Delete the account: memberships and own records end with it; audit entries keep a pseudonym.

    Refused (`DeletionRefused`) while any app has a blocking note, e.g. the last admin of an organisation.
    Returns the pseudonym.
    """
    blocking = [note for note in deletion_notes(user) if note.blocking]
    if blocking:
        raise DeletionRefused(blocking)
    alias = pseudonym(user)
    with transaction.atomic():
        record(actor=by if by is not None and by.pk != user.pk else None, action="account.deleted", obj=user)
        entries = AuditEntry.objects.filter(actor=user)
        entries.update(actor=None, actor_pseudonym=alias)
        # Entries about the person (their account, their memberships) name them in the object's text.
        names = {user.email, user.full_name} - {""}
        about = Q(content_type__app_label="core", content_type__model="user", object_id=str(user.pk))
        for name in names:
            about |= Q(object_repr__icontains=name)
        account = ContentType.objects.get_for_model(User)
        for entry in AuditEntry.objects.filter(about):
            text = entry.object_repr
            for name in names:
                text = _replace_ignoring_case(text, name, alias)
            is_account = entry.content_type_id == account.pk and entry.object_id == str(user.pk)
            entry.object_repr = alias if is_account else text
            entry.save(update_fields=["object_repr"])
        user.delete()
    return alias


def _replace_ignoring_case(text: str, old: str, new: str) -> str:
    lower, target = text.lower(), old.lower()
    out, start = [], 0
    while (index := lower.find(target, start)) >= 0:
        out.append(text[start:index] + new)
        start = index + len(old)
    out.append(text[start:])
    return "".join(out)


@dataclass
class Erasure:
    email: str
    registers: dict[str, int] = field(default_factory=dict)
    account_deleted: bool = False


def erase_person(*, email: str, by: User) -> Erasure:
    """The operator's erasure of everything held about an e-mail address, in one action (audited).

    Registers with an e-mail field are erased by their own rule (`erase`, or deleted); an account with the
    address is deleted as the person could (refused while they are the last admin of an organisation).
    """
    email = email.strip().lower()
    result = Erasure(email=email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        blocking = [note for note in deletion_notes(user) if note.blocking]
        if blocking:
            raise DeletionRefused(blocking)
    with transaction.atomic():
        for entry in privacy.declarations():
            if not entry.email_field or entry.model is User:
                continue
            rows = entry.model._default_manager.filter(**{f"{entry.email_field}__iexact": email})
            if not rows.exists():
                continue
            if entry.erase is not None:
                count = entry.erase(rows)
            else:
                _total, per_model = rows.delete()
                count = per_model.get(entry.model._meta.label, 0)
            result.registers[str(entry.model._meta.verbose_name_plural)] = count
        if user is not None:
            delete_account(user=user, by=by)
            result.account_deleted = True
        record(
            actor=by,
            action="personal_data.erased",
            obj=by,
            registers=sorted(result.registers),
            account_deleted=result.account_deleted,
        )
    return result


def record_export(*, email: str, by: User) -> None:
    """The operator's export of a person's data goes in the audit log (the address is not written there)."""
    record(
        actor=by,
        action="personal_data.exported",
        obj=by,
        registers=[e.model._meta.label for e, _ in matches(email=email)],
    )
