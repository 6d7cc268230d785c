"""Member organisations: joining through an application or by hand, changes, leaving, and the contact log.

The membership (`Member`) is the source of truth; the organisation's `is_member` and `member_since` follow it
through `sync_organisation`, called by every change here and by the register import.
"""

import contextlib
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email
from balanse.members.models import (
    ApplicationState,
    Contact,
    Fee,
    Member,
    MembershipApplication,
)
from balanse.members.services.fees import joined_after_cutoff
from balanse.organisations import services as organisation_services
from balanse.organisations.models import Organisation, Role, validate_org_number

MEMBER_FIELDS = ["field", "joined", "left", "left_reason", "contact_name", "contact_email", "invoice_email"]


class ApplicationError(Exception):
    """An application that cannot be decided as asked; the message is for the operator."""


def clean_org_number(value: str) -> str:
    """The organisation number as people type it (“923 609 016”) → 9 digits, checked as the organisations app
    checks it (MOD11); empty stays empty. Raises ValidationError with the organisations app's message."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    validate_org_number(digits)
    return digits


def find_organisation(*, org_number: str = "", name: str = "") -> Organisation | None:
    """The organisation with this number, else the one with exactly this name (BACK-OFFICE.md matching)."""
    if org_number:
        found = Organisation.objects.filter(org_number=org_number).first()
        if found is not None:
            return found
    if name:
        return Organisation.objects.filter(name=name.strip()).first()
    return None


def sync_organisation(*, organisation: Organisation, by=None, today: date | None = None) -> None:
    """Make the organisation's `is_member` / `member_since` say what its membership says."""
    member = Member.objects.filter(organisation=organisation).first()
    is_member = bool(member and member.is_current(today))
    since = member.joined.year if member else organisation.member_since
    if (organisation.is_member, organisation.member_since) != (is_member, since):
        organisation_services.update_organisation(
            organisation=organisation, by=by, data={"is_member": is_member, "member_since": since}
        )


def sync_organisations(*, today: date | None = None) -> int:
    """Sync every member organisation (the daily command: memberships that ended yesterday). Returns changes."""
    changed = 0
    for member in Member.objects.select_related("organisation"):
        organisation = member.organisation
        before = (organisation.is_member, organisation.member_since)
        sync_organisation(organisation=organisation, today=today)
        changed += before != (organisation.is_member, organisation.member_since)
    return changed


@transaction.atomic
def add_member(*, organisation: Organisation, by, data: dict) -> Member:
    if Member.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("%(name)s is already in the member register.") % {"name": organisation.name})
    member = Member(organisation=organisation, **{k: v for k, v in data.items() if k in MEMBER_FIELDS})
    member.full_clean()
    member.save()
    audit.record(actor=by, action="member.added", obj=member)
    sync_organisation(organisation=organisation, by=by)
    return member


@transaction.atomic
def update_member(*, member: Member, by, data: dict) -> Member:
    stored = Member.objects.get(pk=member.pk)
    old = {name: getattr(stored, name) for name in MEMBER_FIELDS}
    for name in MEMBER_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    member.full_clean()
    member.save()
    changed = audit.changed_fields(member, old, MEMBER_FIELDS)
    if changed:
        audit.record(actor=by, action="member.updated", obj=member, fields=changed)
    sync_organisation(organisation=member.organisation, by=by)
    return member


@transaction.atomic
def submit_application(*, data: dict) -> MembershipApplication:
    """A new application from the public form; the contact person gets a receipt."""
    application = MembershipApplication(**data)
    application.full_clean()
    application.save()
    audit.record(actor=None, action="member_application.received", obj=application)
    send_email(
        to=application.contact_email,
        template="members/email/application_received",
        context={"application": application},
        once_key=f"members:application:{application.pk}:receipt",
    )
    return application


def _locked_pending(application: MembershipApplication) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != ApplicationState.PENDING:
        raise ApplicationError(_("This application has already been decided."))
    return application


@transaction.atomic
def approve_application(
    *,
    application: MembershipApplication,
    by,
    message: str = "",
    base_url: str = "",
    today: date | None = None,
) -> Member:
    """Approve: the organisation (found by number or name, else created), its membership from today, this
    year's fee from the chosen size band (none if it joins after the cut-off), and an invitation for the
    contact person to administer it. The applicant gets the message by e-mail."""
    application = _locked_pending(application)
    today = today or timezone.localdate()
    organisation = find_organisation(org_number=application.org_number, name=application.name)
    member = Member.objects.filter(organisation=organisation).first() if organisation else None
    if member is not None and member.is_current(today):
        raise ApplicationError(
            _("%(name)s is already a member. Decline the application with a message instead.")
            % {"name": organisation.name}
        )
    if organisation is None:
        organisation = organisation_services.create_organisation(
            by=by,
            data={
                "name": application.name,
                "org_number": application.org_number,
                "municipality": application.municipality,
                "art_fields": [application.field],
            },
        )
    contact = {
        "field": application.field,
        "joined": today,
        "left": None,
        "left_reason": "",
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "invoice_email": application.invoice_email,
    }
    if member is None:
        member = add_member(organisation=organisation, by=by, data=contact)
    else:  # it was a member before: the membership starts again
        member = update_member(member=member, by=by, data=contact)
    year = today.year
    if not Fee.objects.filter(member=member, year=year).exists():
        after_cutoff = joined_after_cutoff(member, year)
        if application.tier or after_cutoff:
            Fee.objects.create(member=member, year=year, tier=None if after_cutoff else application.tier)
    with contextlib.suppress(ValidationError):  # the contact person already belongs to the organisation
        organisation_services.invite_person(
            organisation=organisation,
            email=application.contact_email,
            role=Role.ADMIN,
            invited_by=by,
            base_url=base_url,
        )
    application.state = ApplicationState.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_message = message.strip()
    application.organisation = organisation
    application.save()
    audit.record(actor=by, action="member_application.approved", obj=application)
    send_email(
        to=application.contact_email,
        template="members/email/application_approved",
        context={"application": application, "member": member},
        once_key=f"members:application:{application.pk}:decided",
    )
    return member


@transaction.atomic
def decline_application(*, application: MembershipApplication, by, message: str) -> MembershipApplication:
    if not message.strip():
        raise ApplicationError(_("Write a message that tells the applicant why."))
    application = _locked_pending(application)
    application.state = ApplicationState.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_message = message.strip()
    application.save()
    audit.record(actor=by, action="member_application.declined", obj=application)
    send_email(
        to=application.contact_email,
        template="members/email/application_declined",
        context={"application": application},
        once_key=f"members:application:{application.pk}:decided",
    )
    return application


@transaction.atomic
def log_contact(*, member: Member, by, data: dict) -> Contact:
    contact = Contact(member=member, by=by if by and by.is_authenticated else None, **data)
    contact.full_clean()
    contact.save()
    audit.record(actor=by, action="member.contact_logged", obj=member, kind=contact.kind)
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact, by) -> None:
    audit.record(actor=by, action="member.contact_deleted", obj=contact.member, kind=contact.kind)
    contact.delete()
