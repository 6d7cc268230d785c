"""The register of personal data: every model that holds personal data is declared here, by its app.

An app answers `balanse.core.signals.personal_data_requested` with one `PersonalData` per model. The
declarations drive the privacy page (what is kept about whom, why, on what legal basis, for how long), the
record of processing, the scheduled retention command and a person's own data download and erasure.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from balanse.core.signals import collect, personal_data_requested


class LegalBasis:
    """GDPR art. 6(1); the value is what the privacy page says (translated there)."""

    CONSENT = "consent"  # a
    CONTRACT = "contract"  # b: membership, a course booked, a grant applied for
    LEGAL_OBLIGATION = "legal_obligation"  # c: bookkeeping
    LEGITIMATE_INTEREST = "legitimate_interest"  # f


@dataclass(frozen=True)
class PersonalData:
    """What one model keeps about people.

    model:        the model class
    subjects:     whom it is about ("supporting members", "people who register for an event")
    categories:   what is kept ("name, e-mail address, municipality")
    purpose:      why
    legal_basis:  one of `LegalBasis`
    retention:    how long, in words ("until the person leaves, then the name is erased")
    expires:      a function returning a queryset of rows past their retention period (for the retention
                  command), or None when the rows are kept as long as the purpose lasts
    user_field:   the name of the foreign key to the person's user account, if any (data download, erasure)
    email_field:  the name of the field with the person's e-mail address, for people without an account
    erase:        a function(queryset) that erases or anonymises those rows for a person; default: delete
    """

    model: type
    subjects: str
    categories: str
    purpose: str
    legal_basis: str
    retention: str
    expires: Callable | None = None
    retention_period: timedelta | None = None
    user_field: str | None = None
    email_field: str | None = None
    erase: Callable | None = None
    extra: dict = field(default_factory=dict)


def declarations() -> list[PersonalData]:
    """Every declaration of every installed app."""
    return collect(personal_data_requested)
