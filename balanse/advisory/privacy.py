"""What the advisory line keeps about people (answers `personal_data_requested`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.advisory import services
from balanse.advisory.models import Inquiry
from balanse.core.privacy import LegalBasis, PersonalData


def expired_notes():
    return Inquiry.objects.filter(date__lt=services.retention_cutoff(), notes_ciphertext__isnull=False)


def erase_notes(queryset) -> int:
    """The notes go; the inquiry (its counts) stays."""
    return queryset.update(
        notes_ciphertext=None, notes_key=None, notes_key_id="", notes_deleted_at=timezone.now()
    )


def declarations() -> list[PersonalData]:
    return [
        PersonalData(
            model=Inquiry,
            subjects=_("people who contact the advisory line"),
            categories=_(
                "the adviser's notes (encrypted), which may hold a name or contact if the person gave one; "
                "no name or contact is required"
            ),
            purpose=_("to give advice and follow the case up; the counts go into the annual report"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=_(
                "the notes are deleted after the retention period (24 months unless set otherwise); the counts stay"
            ),
            expires=expired_notes,
            # About the setting's months (the command computes the exact day: services.retention_cutoff).
            retention_period=timedelta(days=round(settings.ADVISORY_NOTES_RETENTION_MONTHS * 365.25 / 12)),
            user_fields=("created_by",),
            erase=erase_notes,
        )
    ]
