"""The register of personal data: every model that holds personal data is declared here, by its app.

An app answers `balanse.core.signals.personal_data_requested` with one `PersonalData` per model. The
declarations drive the privacy page (what is kept about whom, why, on what legal basis, for how long), the
record of processing, the scheduled retention command and a person's own data download and erasure.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

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
    user_field:   the name of the foreign key to the person's user account, if any (data download, erasure);
                  "pk" when the row is the account itself
    user_fields:  other links to an account (who wrote, decided or changed the row): in the person's download;
                  when the account is deleted the link is emptied (the foreign keys are SET_NULL)
    hidden_fields: fields never put in a download (secrets such as a second factor's key)
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
    user_fields: tuple[str, ...] = ()
    hidden_fields: tuple[str, ...] = ()
    email_field: str | None = None
    erase: Callable | None = None
    extra: dict = field(default_factory=dict)
    title: str | None = None  # the register's name on the privacy page; default: the model's plural name

    @property
    def name(self) -> str:
        """The register's name, as the privacy page shows it."""
        return capfirst(self.title or self.model._meta.verbose_name_plural)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def legal_basis_label(self) -> str:
        return LEGAL_BASIS_LABELS.get(self.legal_basis, self.legal_basis)

    @property
    def retention_days(self) -> int | None:
        return self.retention_period.days if self.retention_period else None


def declarations() -> list[PersonalData]:
    """Every declaration of every installed app."""
    return collect(personal_data_requested)


LEGAL_BASIS_LABELS = {
    LegalBasis.CONSENT: _("consent (GDPR art. 6(1)(a))"),
    LegalBasis.CONTRACT: _("an agreement with the person (GDPR art. 6(1)(b))"),
    LegalBasis.LEGAL_OBLIGATION: _("a legal obligation (GDPR art. 6(1)(c))"),
    LegalBasis.LEGITIMATE_INTEREST: _("a legitimate interest (GDPR art. 6(1)(f))"),
}

# Never in a download, whatever the model: secrets and what only identifies a log-in.
ALWAYS_HIDDEN = {"password", "token_hash", "session_key", "session_data", "secret", "data"}


@dataclass
class AppRegister:
    """The declarations of one app, for the privacy page and the record of processing."""

    label: str
    name: str
    entries: list[PersonalData]


def by_app() -> list[AppRegister]:
    """The declarations grouped by the app that owns them; Django's and allauth's models (sessions, log-ins)
    are core's, under "Accounts and log-in"."""
    groups: dict[str, AppRegister] = {}
    for entry in declarations():
        config = entry.model._meta.app_config
        if config.label == "core" or not config.name.startswith("balanse."):
            label, name = "core", str(_("Accounts and log-in"))
        else:
            label, name = config.label, str(config.verbose_name)
        groups.setdefault(label, AppRegister(label, name, [])).entries.append(entry)
    return list(groups.values())


def user_links(entry: PersonalData) -> list[str]:
    """Every field of the declaration that links a row to a person's account."""
    return [name for name in (entry.user_field, *entry.user_fields) if name]


def legal_basis_label(entry: PersonalData) -> str:
    return LEGAL_BASIS_LABELS.get(entry.legal_basis, entry.legal_basis)


def authorship(model: type, *fields: str, categories, purpose, title=None) -> PersonalData:
    """A declaration for rows that only record which person wrote, decided or changed them."""
    return PersonalData(
        model=model,
        subjects=_("the person who wrote, decided or changed it"),
        categories=categories,
        purpose=purpose,
        legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        retention=_(
            "as long as the record is kept; the link to the person is removed when their account is deleted"
        ),
        user_fields=fields,
        title=title,
    )
