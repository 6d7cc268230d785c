"""The personal data Balansemerket keeps beyond accounts (answers `personal_data_requested`)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.certification.models import Application, Certification, MarkRequest
from balanse.core.privacy import LegalBasis, PersonalData

REQUEST_DAYS = 365
APPLICATION_DAYS = 365


def handled_requests():
    return MarkRequest.objects.filter(handled_at__lt=timezone.now() - timedelta(days=REQUEST_DAYS))


def applications_of_ended_certifications():
    ended = Certification.objects.filter(
        state__in=[Certification.State.EXPIRED, Certification.State.WITHDRAWN],
        state_changed_at__lt=timezone.now() - timedelta(days=APPLICATION_DAYS),
    )
    return Application.objects.filter(certification__in=ended).exclude(
        contact_name="", contact_email="", contact_phone=""
    )


def erase_application_contacts(queryset) -> int:
    with transaction.atomic():
        return queryset.update(contact_name="", contact_email="", contact_phone="")


def declarations() -> list[PersonalData]:
    return [
        PersonalData(
            model=MarkRequest,
            subjects=_("people who ask about Balansemerket for an organisation without an account"),
            categories=_("name, e-mail address, phone (optional), the organisation, the message"),
            purpose=_("to answer the request and set up the organisation"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_("deleted one year after the request was dealt with"),
            expires=handled_requests,
            retention_period=timedelta(days=REQUEST_DAYS),
            email_field="email",
            user_fields=("handled_by",),
        ),
        PersonalData(
            model=Application,
            subjects=_("contact persons of organisations that apply for the mark"),
            categories=_("name, e-mail address, phone (optional)"),
            purpose=_("to plan the course and the way to the mark with the organisation"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_("erased one year after the certification ended (expired or withdrawn)"),
            expires=applications_of_ended_certifications,
            retention_period=timedelta(days=APPLICATION_DAYS),
            email_field="contact_email",
            erase=erase_application_contacts,
        ),
    ]
