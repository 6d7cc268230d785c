"""The personal data the member register keeps (answers `personal_data_requested`)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core.privacy import LegalBasis, PersonalData
from balanse.members import services
from balanse.members.models import Member, MembershipApplication, Payment, SupportingMember

UNCONFIRMED_DAYS = 7
APPLICATION_DAYS = 90
CONTACT_DAYS = 365
BOOKKEEPING_YEARS = 5


def unconfirmed_sign_ups():
    return SupportingMember.objects.filter(
        joined__isnull=True, created__lt=timezone.now() - timedelta(days=UNCONFIRMED_DAYS)
    )


def decided_applications():
    return MembershipApplication.objects.filter(
        decided_at__lt=timezone.now() - timedelta(days=APPLICATION_DAYS)
    )


def former_members_with_contacts():
    return Member.objects.filter(left__lt=timezone.localdate() - timedelta(days=CONTACT_DAYS)).exclude(
        contact_name="", contact_email="", invoice_email=""
    )


def erase_member_contacts(queryset) -> int:
    with transaction.atomic():
        return queryset.update(contact_name="", contact_email="", invoice_email="")


def old_payments():
    limit = date(timezone.localdate().year - BOOKKEEPING_YEARS, 1, 1)
    return Payment.objects.filter(booked_on__lt=limit).exclude(payer="", message="")


def erase_payers(queryset) -> int:
    with transaction.atomic():
        return queryset.update(payer="", message="")


def declarations() -> list[PersonalData]:
    return [
        PersonalData(
            model=SupportingMember,
            subjects=_("supporting members"),
            categories=_("name, e-mail address, municipality (optional), when they joined and left, fee"),
            purpose=_("to keep the register of supporting members and send them what they signed up for"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_(
                "until the person leaves; then name, e-mail address and municipality are erased and only the "
                "dates are kept for the yearly counts. A sign-up that is not confirmed is deleted after 7 days."
            ),
            expires=unconfirmed_sign_ups,
            retention_period=timedelta(days=UNCONFIRMED_DAYS),
            email_field="email",
            erase=services.erase_supporting_members,
        ),
        PersonalData(
            model=Member,
            subjects=_("contact persons of member organisations"),
            categories=_("name and e-mail address of the contact person, the invoice e-mail address"),
            purpose=_("to reach the member organisation and send its fee invoice"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("while the organisation is a member, and one year after it left"),
            expires=former_members_with_contacts,
            retention_period=timedelta(days=CONTACT_DAYS),
            email_field="contact_email",
            erase=erase_member_contacts,
        ),
        PersonalData(
            model=MembershipApplication,
            subjects=_("contact persons of organisations that apply for membership"),
            categories=_("name and e-mail address of the contact person, the invoice e-mail address"),
            purpose=_("to decide the application and answer it"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("90 days after the application was decided"),
            user_fields=("decided_by",),
            expires=decided_applications,
            retention_period=timedelta(days=APPLICATION_DAYS),
            email_field="contact_email",
        ),
        PersonalData(
            model=Payment,
            subjects=_("people who pay a membership fee"),
            categories=_("the payer's name and message as the bank reports them"),
            purpose=_("to match payments to fees and keep the accounts"),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            retention=_("five years after the year of the payment (the Bookkeeping Act), then erased"),
            expires=old_payments,
            retention_period=timedelta(days=365 * BOOKKEEPING_YEARS),
            erase=erase_payers,
            user_fields=("created_by",),
        ),
    ]
