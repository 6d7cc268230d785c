from django.db import transaction

from balanse.advice.models import AdviceContact
from balanse.core import audit
from balanse.core.changes import save_changes
from balanse.core.models import User

FIELDS = [
    "name",
    "name_en",
    "description",
    "description_en",
    "opening_hours",
    "opening_hours_en",
    "weekly_hours",
    "phone",
    "email",
    "website",
    "position",
]

# The brochure's "Søk råd!" contacts: facts (names, numbers, addresses) taken as data.
DEFAULT_CONTACTS = [
    {
        "slug": "balansekunst-radgivningstelefon",
        "name": "Balansekunsts rådgivningstelefon",
        "name_en": "Balansekunst's advisory line",
        "description": (
            "Gratis juridisk veiledning på telefon og e-post for alle i kulturlivet – ledere, ansatte, "
            "frilansere, selvstendig næringsdrivende og frivillige – i saker om seksuell trakassering, "
            "diskriminering og maktmisbruk."
        ),
        "description_en": (
            "Free legal guidance by phone and e-mail for everyone in cultural life – managers, employees, "
            "freelancers, the self-employed and volunteers – on sexual harassment, discrimination and "
            "abuse of power."
        ),
        "opening_hours": "Tirsdager og torsdager kl. 12–15",
        "opening_hours_en": "Tuesdays and Thursdays, 12:00–15:00",
        "weekly_hours": "tir 12:00–15:00; tor 12:00–15:00",
        "phone": "940 87 929",
        "email": "",
        "website": "https://balansekunstprosjektet.no/balansekunsts-veiledningstelefon",
        "position": 1,
    },
    {
        "slug": "ldo",
        "name": "Likestillings- og diskrimineringsombudet",
        "name_en": "The Equality and Anti-Discrimination Ombud",
        "description": "Gir gratis veiledning om seksuell trakassering og diskriminering etter likestillings- og diskrimineringsloven.",
        "description_en": "Free guidance on sexual harassment and discrimination under the Equality and Anti-Discrimination Act.",
        "opening_hours": "",
        "opening_hours_en": "",
        "phone": "23 15 73 00",
        "email": "post@ldo.no",
        "website": "https://ldo.no/trakassering",
        "position": 2,
    },
    {
        "slug": "arbeidstilsynet",
        "name": "Arbeidstilsynet",
        "name_en": "The Norwegian Labour Inspection Authority",
        "description": "Svarer på spørsmål om arbeidsmiljø, og om arbeidsgivers plikt til å forebygge og håndtere trakassering.",
        "description_en": "Answers questions on the working environment and on the employer's duty to prevent and handle harassment.",
        "opening_hours": "",
        "opening_hours_en": "",
        "phone": "73 19 97 00",
        "email": "svartjenesten@arbeidstilsynet.no",
        "website": "https://arbeidstilsynet.no/trakassering",
        "position": 3,
    },
]


def load_default_contacts() -> int:
    """Create the brochure's contacts if they are missing; never overwrite the operator's edits."""
    created = 0
    for data in DEFAULT_CONTACTS:
        _, was_created = AdviceContact.objects.get_or_create(slug=data["slug"], defaults=data)
        created += was_created
    return created


@transaction.atomic
def save_contact(*, contact: AdviceContact, by: User, data: dict) -> AdviceContact:
    creating = contact.pk is None
    changed = save_changes(contact, data, FIELDS)
    if creating:
        audit.record(actor=by, action="advice_contact.created", obj=contact)
    elif changed:
        audit.record(actor=by, action="advice_contact.updated", obj=contact, fields=changed)
    return contact


@transaction.atomic
def delete_contact(*, contact: AdviceContact, by: User) -> None:
    audit.record(actor=by, action="advice_contact.deleted", obj=contact)
    contact.delete()
