import pytest

from balanse.certification.models import Certification
from balanse.workbook import services
from balanse.workbook.models import RiskFactor, Section, SectionKey
from tests.certification.conftest import PATHS, run_step, tick_all  # noqa: F401

S = Certification.State


@pytest.fixture
def make_certification(operator):
    from balanse.certification import services as cert_services

    def _make(organisation, state=S.MEASURES):
        cert = cert_services.apply(organisation=organisation, by=operator)
        for step in PATHS[state]:
            if step in ("tick", "submit", "award", "follow_up", "expire"):
                break
            cert = run_step(cert, step, operator)
        cert.refresh_from_db()
        return cert

    return _make


def complete_data(organisation_name="Testteater") -> dict:
    """Section data that makes every section complete."""
    factors = {
        slug: {"applies": "no", "shows": "", "rules": "", "routines": ""}
        for slug in RiskFactor.objects.values_list("slug", flat=True)
    }
    factors["alcohol"] = {
        "applies": "yes",
        "shows": "Premierefester med bar.",
        "rules": "Edru vakt.",
        "routines": "Varsle vakt.",
    }
    return {
        SectionKey.RISK_MAPPING: {"factors": factors, "own": []},
        SectionKey.RULES: {
            "discussion": "Vi ble enige om å bruke navn.",
            "rules": [{"text": "Noen fra ledelsen er alltid edru på fester.", "factors": ["alcohol"]}],
        },
        SectionKey.ROUTINES: {
            "contacts": [{"name": "Vera Verneombud", "role": "Verneombud", "reach": "vera@example.org"}],
            "report_to": "Til verneombudet eller daglig leder.",
            "top_leader": "Til styreleder.",
            "anonymous": "yes",
            "anonymous_how": "Via postkasse.",
            "handling": "1. Samtale. 2. Undersøkelse. 3. Tiltak.",
            "made_known": "På oppstartsmøter og i kontrakter.",
        },
        SectionKey.CONSEQUENCES: {
            "warning": "Kommentarer om kropp.",
            "responsibilities": "Gjentatte brudd.",
            "end_collaboration": "Trakassering; minst to år.",
            "dismissal": "Grove overtramp.",
            "police": "Vi vurderer anmeldelse sammen med den som er rammet.",
        },
        SectionKey.RESPONSIBILITY: {"stand": "Vi tolererer ikke trakassering.", "signed_by": "Daglig leder"},
        SectionKey.CONTRACT_CLAUSE: {"text": f"{organisation_name} arbeider for et trygt arbeidsmiljø."},
        SectionKey.CONVERSATIONS: {
            "when": "Personalmøter",
            "how_often": "Hver måned",
            "next_date": "2026-12-01",
        },
    }


def fill_workbook(workbook, by=None, data=None):
    for key, value in (data or complete_data(workbook.organisation.name)).items():
        section = Section.objects.get(workbook=workbook, key=key)
        services.save_section(section=section, data=value, version=section.version, by=by)


@pytest.fixture
def certification(make_certification, organisation):
    return make_certification(organisation, S.MEASURES)


@pytest.fixture
def workbook(certification, org_admin):
    return services.start_workbook(certification=certification, by=org_admin)
