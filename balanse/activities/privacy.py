"""The personal data the activity register keeps (answers `personal_data_requested`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from balanse.activities import services
from balanse.activities.models import Registration, registration_days
from balanse.core.privacy import LegalBasis, PersonalData


def declarations() -> list[PersonalData]:
    days = registration_days()
    return [
        PersonalData(
            model=Registration,
            subjects=_("people who register for an activity in the calendar"),
            categories=_("name and e-mail address, whether they have a place or wait for one"),
            purpose=_(
                "to keep the list of participants, send the confirmation and reminder, and count who came"
            ),
            legal_basis=LegalBasis.CONTRACT,
            retention=_(
                "until %(days)s days after the activity; then the registration is deleted and only the number "
                "of participants is kept"
            )
            % {"days": days},
            expires=services.expired_registrations,
            retention_period=timedelta(days=days),
            email_field="email",
        )
    ]
