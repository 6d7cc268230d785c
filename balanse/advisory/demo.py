"""Demo data: the advisory line in 2020 — the report's 10 inquiries “via the phone and directly to Balansekunst”,
with plausible topics and roles (the report gives only the total) and no notes. Loading again changes nothing
(each has a case number)."""

from datetime import date

from django.contrib.auth import get_user_model

from balanse.advisory import services
from balanse.advisory.models import Inquiry
from balanse.core.demo import DEMO_OPERATOR_EMAIL

# ref, date, channel, topic, role, help, follow-up
INQUIRIES_2020 = [
    (
        "2020-01",
        date(2020, 1, 21),
        "telefon",
        "seksuell trakassering",
        "frilanser",
        ["juridisk veiledning"],
        False,
    ),
    (
        "2020-02",
        date(2020, 2, 13),
        "telefon",
        "seksuell trakassering",
        "ansatt",
        ["juridisk veiledning", "fagforening"],
        True,
    ),
    ("2020-03", date(2020, 3, 5), "direkte", "maktmisbruk", "frivillig", ["juridisk veiledning"], False),
    ("2020-04", date(2020, 4, 28), "telefon", "diskriminering", "selvstendig", ["LDO"], False),
    (
        "2020-05",
        date(2020, 6, 9),
        "telefon",
        "seksuell trakassering",
        "vitne",
        ["juridisk veiledning"],
        False,
    ),
    (
        "2020-06",
        date(2020, 8, 25),
        "direkte",
        "seksuell trakassering",
        "arbeidsgiver",
        ["juridisk veiledning", "Arbeidstilsynet"],
        True,
    ),
    ("2020-07", date(2020, 9, 17), "telefon", "rasisme", "frilanser", ["LDO"], False),
    (
        "2020-08",
        date(2020, 10, 6),
        "telefon",
        "maktmisbruk",
        "ansatt",
        ["juridisk veiledning", "fagforening"],
        False,
    ),
    ("2020-09", date(2020, 11, 12), "direkte", "diskriminering", "ansatt", ["juridisk veiledning"], False),
    (
        "2020-10",
        date(2020, 12, 3),
        "telefon",
        "seksuell trakassering",
        "frilanser",
        ["juridisk veiledning", "politiet"],
        True,
    ),
]


def load_demo(stdout=None) -> list[str]:
    """The inquiries, and the adviser role for the demo's operator so the log can be seen."""
    for ref, day, channel, topic, role, help_given, follow_up in INQUIRIES_2020:
        Inquiry.objects.get_or_create(
            ref=ref,
            defaults={
                "date": day,
                "channel": channel,
                "topic": topic,
                "caller_role": role,
                "help_given": help_given,
                "follow_up": follow_up,
            },
        )
    operator = get_user_model().objects.filter(email=DEMO_OPERATOR_EMAIL, is_staff=True).first()
    if operator is None:
        return []
    if not services.advisers().filter(pk=operator.pk).exists():
        services.grant_adviser_role(user=operator, by=None)
    return [f"  {DEMO_OPERATOR_EMAIL} also answers the advisory line (the adviser role): /drift/radgivning/"]
