"""The personal data Balansepotten keeps (answers `personal_data_requested`)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core.privacy import LegalBasis, PersonalData, authorship
from balanse.grants.models import Application, Score, Status

DRAFT_DAYS = 180
BOOKKEEPING_YEARS = 5


def old_drafts():
    return Application.objects.filter(
        status=Status.DRAFT, created_at__lt=timezone.now() - timedelta(days=DRAFT_DAYS)
    )


def old_contacts():
    year = timezone.localdate().year - BOOKKEEPING_YEARS
    return (
        Application.objects.filter(year__lt=year)
        .exclude(status=Status.DRAFT)
        .exclude(contact_name="", contact_email="", contact_phone="")
    )


def erase_contacts(queryset) -> int:
    with transaction.atomic():
        drafts = queryset.filter(status=Status.DRAFT)
        count, _ = drafts.delete()
        return count + queryset.exclude(status=Status.DRAFT).update(
            contact_name="", contact_email="", contact_phone=""
        )


def declarations() -> list[PersonalData]:
    return [
        PersonalData(
            model=Application,
            subjects=_("people who apply to Balansepotten, and the contact persons of organisations that do"),
            categories=_("name, e-mail address, phone number; for a person who applies, the application"),
            purpose=_("to handle the application, pay the grant and follow up the project"),
            legal_basis=LegalBasis.CONTRACT,
            retention=_(
                "drafts never sent: 180 days; the contact details of a decided application: five years after "
                "the year of the call (bookkeeping), then erased; the grant itself is kept for the figures"
            ),
            expires=lambda: old_drafts() | old_contacts(),
            retention_period=timedelta(days=BOOKKEEPING_YEARS * 365),
            email_field="contact_email",
            user_fields=("decided_by",),
            erase=erase_contacts,
        ),
        authorship(
            Score,
            "scored_by",
            categories=_("who scored an application"),
            purpose=_("to show the staff's review of the applications"),
        ),
    ]
