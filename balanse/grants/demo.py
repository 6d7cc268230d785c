"""Demo data: Balansepotten 2020 from the annual report (seed 000), and this year's call, open for applications.

The report's table lists six grants, 100 667 kr in all. Its footnotes: “*” the project was postponed to 2021
by the pandemic (SafeMuse, Festspillene i Bergen, Terje Brevik); “**” both the project and the payout were
postponed (Kulturrom). So five grants are paid (three of them with the project postponed) and one has status
`utsatt`. The report gives neither the budget nor the dates; the demo's 2020 call has the budget that was given
and plausible dates. Loading again changes nothing.
"""

from datetime import date, timedelta

from django.utils import timezone

from balanse.grants.models import ApplicantKind, Application, Criterion, GrantCall, Status
from balanse.grants.services import match_organisation

CRITERIA = [
    (
        "Prosjektet fremmer likestilling og mangfold i kulturlivet",
        "The project promotes equality and diversity",
    ),
    ("Prosjektet er konkret og gjennomførbart", "The project is concrete and feasible"),
    ("Budsjettet er realistisk", "The budget is realistic"),
    ("Erfaringene kan deles med andre", "What is learned can be shared with others"),
]

INTRO = (
    "Balansepotten gir støtte til konkrete tiltak for likestilling og mangfold hos Balansekunsts medlemmer. "
    "Medlemsorganisasjoner og støttemedlemmer kan søke."
)
INTRO_EN = (
    "Balansepotten supports concrete measures for equality and diversity among Balansekunst's members. "
    "Member organisations and supporting members may apply."
)

# project, applicant, amount, person?, project postponed?, payout postponed?
GRANTS_2020 = [
    ("Produsentkurs for kvinner", "AKKS Kristiansand", 10000, False, False, False),
    ("Normkritisk kurs for kulturskolelærere", "JM Norway", 15000, False, False, False),
    ("Rundebord om kvinner og fri kunst", "SafeMuse", 20000, False, True, False),
    ("Papillon-kor og produsenttrening", "Festspillene i Bergen", 24000, False, True, False),
    ("Praktisk kurs for kunstnere og kulturarbeidere: Si nei", "Terje Brevik", 15000, True, True, False),
    ("Mentorordning for kvinnelige teknikere", "Kulturrom", 16667, False, True, True),
]
PANDEMIC = "Gjennomføringen og utbetalingen er utsatt til 2021 på grunn av koronapandemien."


def _call(year: int, opens: date, closes: date, budget: int) -> GrantCall:
    call, created = GrantCall.objects.get_or_create(
        year=year,
        defaults={
            "opens_on": opens,
            "closes_on": closes,
            "budget": budget,
            "intro_nb": INTRO,
            "intro_en": INTRO_EN,
        },
    )
    if created:
        for position, (text_nb, text_en) in enumerate(CRITERIA):
            Criterion.objects.create(call=call, position=position, text_nb=text_nb, text_en=text_en)
    return call


def load_demo(stdout=None) -> list[str]:
    call = _call(2020, date(2020, 2, 1), date(2020, 4, 15), sum(row[2] for row in GRANTS_2020))
    for project, applicant, amount, person, project_postponed, payout_postponed in GRANTS_2020:
        if Application.objects.filter(year=2020, project=project, applicant=applicant).exists():
            continue
        Application.objects.create(
            year=2020,
            call=call,
            status=Status.POSTPONED if payout_postponed else Status.PAID,
            applicant_kind=ApplicantKind.PERSON if person else ApplicantKind.ORGANISATION,
            applicant=applicant,
            organisation=None if person else match_organisation(applicant),
            project=project,
            amount_applied=amount,
            amount_granted=amount,
            submitted_at=timezone.make_aware(timezone.datetime(2020, 4, 10, 12)),
            decided_on=date(2020, 5, 15),
            paid_on=None if payout_postponed else date(2020, 6, 15),
            postponed_to=2021 if payout_postponed else None,
            postponed_reason=PANDEMIC if payout_postponed else "",
            project_postponed=project_postponed,
        )
    today = timezone.localdate()
    _call(today.year, today - timedelta(days=30), today + timedelta(days=60), 100000)
    return []
