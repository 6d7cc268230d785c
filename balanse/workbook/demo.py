"""Demo workbooks for the demo organisations that have reached the measures step, so every workbook
page has something real on it. Idempotent: organisations that already have a workbook are skipped."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from balanse.certification.models import Certification
from balanse.organisations.models import Membership
from balanse.workbook import queries
from balanse.workbook.models import RiskFactor, Section, SectionKey, SectionVersion, Workbook

S = Certification.State
COMPLETE_STATES = (S.IN_REVIEW, S.CERTIFIED, S.FOLLOW_UP)

APPLYING = {
    "freelance": ("yes", "De fleste musikerne og teknikerne er frilansere på korte oppdrag."),
    "work-private": ("partly", "Turné og sene kvelder etter konserter."),
    "networks": ("yes", "Nesten alle oppdrag kommer via bekjentskaper."),
    "alcohol": ("yes", "Bar på alle konserter og fest etter premierer."),
    "hierarchy": ("partly", "Kunstnerisk leder velger hvem som får spille."),
}
RULES = [
    ("Vi kommenterer ikke hverandres utseende eller kropp.", ["work-private"]),
    ("Noen fra ledelsen er alltid edru på arrangementer vi står for, og kan kontaktes.", ["alcohol"]),
    (
        "Reglene og varslingsrutinene gjelder likt for faste, frilansere og frivillige, og står i kontraktene.",
        ["freelance", "networks"],
    ),
    ("Den som sier fra, skal ikke miste oppdrag av den grunn.", ["freelance", "networks", "hierarchy"]),
]


def _data(name: str, contact: str) -> dict:
    factors = {slug: {"applies": "no", "shows": "", "rules": "", "routines": ""} for slug in _slugs()}
    for slug, (applies, shows) in APPLYING.items():
        factors[slug] = {
            "applies": applies,
            "shows": shows,
            "rules": "Se reglene våre.",
            "routines": "Varsle kontaktpersonen.",
        }
    contacts = [
        {"name": contact, "role": "Verneombud", "reach": "verneombud@example.org, 900 00 000"},
        {"name": "Daglig leder", "role": "Daglig leder", "reach": "leder@example.org"},
    ]
    clause = queries.texts().get("contract_clause_template", "")
    clause = clause.replace("{organisation}", name).replace(
        "{contacts}", f"{contact} (verneombud, verneombud@example.org) eller daglig leder"
    )
    return {
        SectionKey.RISK_MAPPING: {"factors": factors, "own": []},
        SectionKey.RULES: {
            "discussion": "Vi brukte øvelsen «OK eller ikke OK» på personalmøtet og ble enige om at kallenavn "
            "og kommentarer om kropp ikke hører hjemme hos oss.",
            "rules": [{"text": text, "factors": keys} for text, keys in RULES],
        },
        SectionKey.ROUTINES: {
            "contacts": contacts,
            "report_to": f"Si fra til {contact} eller daglig leder, muntlig eller skriftlig.",
            "top_leader": "Gjelder saken daglig leder, sier du fra til styreleder.",
            "anonymous": "yes",
            "anonymous_how": "Anonyme varsler tas imot via skjema og behandles så langt det lar seg gjøre.",
            "handling": "1. Samtale med den som varsler innen to dager.\n2. Vi undersøker saken og hører begge "
            "parter.\n3. Vi avgjør tiltak og følger opp begge.",
            "made_known": "Rutinene gjennomgås på oppstartsmøtet i hver produksjon og ligger ved kontraktene.",
        },
        SectionKey.CONSEQUENCES: {
            "warning": "Kommentarer om utseende eller kropp etter at noen har sagt fra.",
            "responsibilities": "Gjentatte brudd eller brudd fra noen med lederansvar.",
            "end_collaboration": "Trakassering eller gjengjeldelse mot den som sa fra; ingen nye oppdrag på to år.",
            "dismissal": "Grove overtramp, som uønsket berøring av seksuell karakter.",
            "police": "Kan forholdet være straffbart, vurderer vi anmeldelse sammen med den som er rammet.",
        },
        SectionKey.RESPONSIBILITY: {
            "stand": f"{name} godtar ikke seksuell trakassering eller diskriminering. Ledelsen følger selv "
            "reglene og tar alle varsler på alvor.",
            "signed_by": "Daglig leder og styreleder",
        },
        SectionKey.CONTRACT_CLAUSE: {"text": clause},
        SectionKey.CONVERSATIONS: {
            "when": "Personalmøter, medarbeidersamtaler og oppstart av hver produksjon.",
            "how_often": "Minst fire ganger i året",
            "next_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    }


def _slugs() -> list[str]:
    return list(RiskFactor.objects.filter(active=True).values_list("slug", flat=True))


def _write(workbook: Workbook, key: str, data: dict, by, at) -> None:
    section, _created = Section.objects.get_or_create(workbook=workbook, key=key)
    section.data, section.version, section.updated_by, section.updated = data, section.version + 1, by, at
    section.save()
    SectionVersion.objects.create(section=section, version=section.version, data=data, by=by, at=at)


def _workbook(cert: Certification, cycle: int, data: dict, keys, by, at, copied_from=None) -> Workbook:
    workbook = Workbook.objects.create(
        organisation=cert.organisation, certification=cert, cycle=cycle, created=at, copied_from=copied_from
    )
    for key in SectionKey.values:
        if key in keys:
            _write(workbook, key, data[key], by, at)
        else:
            Section.objects.get_or_create(workbook=workbook, key=key)
    return workbook


PARTIAL = {
    "AKKS Norge": [SectionKey.RISK_MAPPING, SectionKey.RULES, SectionKey.RESPONSIBILITY],
    "BRAK": [
        SectionKey.RISK_MAPPING,
        SectionKey.RULES,
        SectionKey.ROUTINES,
        SectionKey.CONSEQUENCES,
        SectionKey.RESPONSIBILITY,
    ],
}


@transaction.atomic
def load_demo(stdout) -> list[str]:
    made = 0
    certs = Certification.objects.filter(state__in=[S.MEASURES, *COMPLETE_STATES]).select_related(
        "organisation"
    )
    for cert in certs:
        if Workbook.objects.filter(certification=cert).exists():
            continue
        name = cert.organisation.name
        admin = (
            Membership.objects.filter(organisation=cert.organisation, role="admin")
            .select_related("user")
            .first()
        )
        by = admin.user if admin else None
        data = _data(name, "Kari Nordmann")
        at = cert.state_changed_at - timedelta(days=10)
        keys = PARTIAL.get(name, SectionKey.values)
        if cert.cycle > 1:
            first = _workbook(cert, cert.cycle - 1, data, keys, by, at - timedelta(days=365))
            data = dict(data)
            data[SectionKey.RULES] = dict(
                data[SectionKey.RULES],
                rules=[
                    *data[SectionKey.RULES]["rules"],
                    {
                        "text": "Møter på tomannshånd holdes i arbeidslokaler, ikke på hotellrom.",
                        "factors": [],
                    },
                ],
            )
            _workbook(cert, cert.cycle, data, keys, by, at, copied_from=first)
        else:
            _workbook(cert, cert.cycle, data, keys, by, at)
        made += 1
    stdout.write(f"  Workbook: {made} demo workbooks")
    return []
