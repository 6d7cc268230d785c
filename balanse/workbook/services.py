"""Changes to workbooks: creating and copying them, saving sections (with optimistic concurrency),
adding rules, and sharing the plan. Each function runs in one transaction and writes the audit log."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.certification.models import Certification
from balanse.core import audit
from balanse.core.links import hash_token
from balanse.core.models import User
from balanse.organisations.models import Organisation
from balanse.workbook.models import PlanShare, Section, SectionKey, SectionVersion, Workbook
from balanse.workbook.sections import RULE_LIMIT, RULES_MAX

S = Certification.State
# A workbook is started (by a member opening it) only while the measures can be worked on; starting one
# during a review would change the requirements the operator is reviewing against.
WORKBOOK_STATES = (S.MEASURES, S.FOLLOW_UP)


class WorkbookLocked(ValidationError):
    """The workbook cannot be changed now (in review, certified, or an earlier year)."""


class StaleSection(ValidationError):
    """Someone saved the section after this form was opened. `current` is the section as now saved."""

    def __init__(self, message, current: Section):
        super().__init__(message, code="stale")
        self.current = current


def _user(by: User | None) -> User | None:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _copy_sections(source: Workbook, target: Workbook, by: User | None) -> None:
    for section in source.sections.all():
        copy = Section.objects.create(
            workbook=target,
            key=section.key,
            data=section.data,
            version=1,
            updated_by=_user(by),
            updated=timezone.now(),
        )
        SectionVersion.objects.create(section=copy, version=1, data=copy.data, by=_user(by))


def _ensure_sections(workbook: Workbook) -> None:
    existing = set(workbook.sections.values_list("key", flat=True))
    Section.objects.bulk_create(
        [Section(workbook=workbook, key=key) for key in SectionKey.values if key not in existing]
    )


@transaction.atomic
def start_workbook(*, certification: Certification, by: User | None = None) -> Workbook:
    """The workbook of the certification's current cycle, created if missing: as a copy of the
    organisation's latest workbook when there is one, else empty."""
    existing = Workbook.objects.filter(certification=certification, cycle=certification.cycle).first()
    if existing is not None:
        _ensure_sections(existing)
        return existing
    previous = (
        Workbook.objects.filter(organisation=certification.organisation).order_by("-created", "-pk").first()
    )
    try:
        with transaction.atomic():
            workbook = Workbook.objects.create(
                organisation=certification.organisation,
                certification=certification,
                cycle=certification.cycle,
                copied_from=previous,
            )
    except IntegrityError:
        return Workbook.objects.get(certification=certification, cycle=certification.cycle)
    if previous is not None:
        _copy_sections(previous, workbook, by)
    _ensure_sections(workbook)
    audit.record(
        actor=_user(by),
        action="workbook.started",
        obj=workbook,
        cycle=workbook.cycle,
        copied_from=previous.pk if previous else None,
    )
    return workbook


def _lock_section(section: Section) -> Section:
    locked = Section.objects.select_for_update().select_related("workbook__certification").get(pk=section.pk)
    if not locked.workbook.editable:
        raise WorkbookLocked(
            _("The workbook is locked: it can only be changed while you work on your measures."),
            code="locked",
        )
    return locked


def _store(section: Section, data: dict, by: User) -> Section:
    section.data = data
    section.version += 1
    section.updated_by = _user(by)
    section.updated = timezone.now()
    section.save()
    SectionVersion.objects.create(
        section=section, version=section.version, data=data, by=_user(by), at=section.updated
    )
    return section


@transaction.atomic
def save_section(*, section: Section, data: dict, version: int, by: User) -> Section:
    """Save a section's content if nobody saved it since `version`; else raise StaleSection."""
    locked = _lock_section(section)
    if version != locked.version:
        raise StaleSection(
            _("Someone else saved this section while you were editing it. Compare the two versions below."),
            current=locked,
        )
    if data == locked.data:
        return locked
    _store(locked, data, by)
    audit.record(
        actor=_user(by),
        action="workbook.section_saved",
        obj=locked.workbook,
        section=locked.key,
        version=locked.version,
    )
    return locked


@transaction.atomic
def add_rule(*, workbook: Workbook, text: str, factors: list[str], by: User) -> Section:
    """Append a rule to the rules (no version check: adding never overwrites anyone's work)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the rule."), code="required")
    if len(text) > RULE_LIMIT:
        raise ValidationError(
            _("A rule can be at most %(limit)s characters.") % {"limit": RULE_LIMIT}, code="max_length"
        )
    section = _lock_section(workbook.sections.get(key=SectionKey.RULES))
    if len(section.data.get("rules", [])) >= RULES_MAX:
        raise ValidationError(
            _("You can have at most %(num)d rules. Remove one before you add another.") % {"num": RULES_MAX},
            code="too_many",
        )
    data = dict(section.data)
    data["rules"] = [*data.get("rules", []), {"text": text, "factors": list(factors)}]
    _store(section, data, by)
    audit.record(actor=_user(by), action="workbook.rule_added", obj=workbook, version=section.version)
    return section


@transaction.atomic
def share_plan(*, organisation: Organisation, by: User) -> str:
    """Create a link to the plan. Returns the token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    share = PlanShare.objects.create(
        organisation=organisation, token_hash=hash_token(token), created_by=_user(by)
    )
    audit.record(actor=_user(by), action="workbook.plan_shared", obj=organisation, share=share.pk)
    return token


@transaction.atomic
def revoke_share(*, share: PlanShare, by: User) -> PlanShare:
    share = PlanShare.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        audit.record(actor=_user(by), action="workbook.share_revoked", obj=share.organisation, share=share.pk)
    return share
