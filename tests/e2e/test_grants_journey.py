"""Issue 16's Balansepotten journey: an applicant drafts, leaves, comes back by the e-mailed link and sends;
the staff score, grant, pay out, and postpone another grant. Every page is scanned with axe, at 360 px and on
a desktop."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from balanse.grants.models import Application, Criterion, GrantCall, Status
from tests.e2e.conftest import link_in_last_email
from tests.factories import OperatorFactory
from tests.grants.factories import ApplicationFactory


def open_call() -> GrantCall:
    today = timezone.localdate()
    call = GrantCall.objects.create(
        year=today.year,
        budget=100000,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        intro_nb="Balansepotten gir støtte til tiltak for likestilling.",
    )
    for position, text in enumerate(["Fremmer likestilling og mangfold", "Gjennomførbart"]):
        Criterion.objects.create(call=call, position=position, text_nb=text)
    return call


@pytest.mark.parametrize("width", [360, 1280])
def test_an_applicant_drafts_comes_back_and_sends_and_the_staff_decide_and_pay(
    make_page, login_as, tmp_path, width
):
    cache.clear()
    call = open_call()
    height = 780 if width == 360 else 900

    # The applicant starts, saves a draft with only the contact details and leaves.
    applicant = make_page(width=width, height=height)
    page = applicant.goto("/balansepotten/")
    page.get_by_role("link", name="Søk", exact=True).click()
    applicant.check()
    page.get_by_label("En person (støttemedlem)").check()
    page.get_by_label("Virksomhetens navn, eller ditt navn").fill("Terje Testesen")
    page.get_by_label(re.compile(r"^Kontaktperson\b(?!s)")).fill("Terje Testesen")
    page.get_by_label("Kontaktpersonens e-post").fill("terje@example.org")
    page.get_by_role("button", name="Lagre utkastet").click()
    applicant.check()
    assert "Vi har sendt en lenke til terje@example.org" in page.content()
    link = link_in_last_email("terje@example.org")
    applicant.page.context.clear_cookies()

    # Later, on the same device or another, the link brings the draft back.
    again = make_page(width=width, height=height)
    page = again.goto(urlparse(link).path)
    assert page.get_by_label("Virksomhetens navn, eller ditt navn").input_value() == "Terje Testesen"
    page.get_by_role("button", name="Send søknaden").click()
    again.check()
    assert page.locator(".ds-error-summary").count() == 1  # the project is missing
    page.get_by_label("Prosjektets tittel").fill("Si nei-kurs")
    page.get_by_label("Prosjektbeskrivelse").fill("Et praktisk kurs for kunstnere.")
    page.get_by_label("Prosjektets totale budsjett (kr)").fill("40 000")
    page.get_by_label("Beløp det søkes om (kr)").fill("15 000")
    page.get_by_role("button", name="Send søknaden").click()
    again.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Søknaden er sendt"
    application = Application.objects.get(project="Si nei-kurs")
    assert application.status == Status.SUBMITTED

    # The staff score and grant it, then pay it out.
    staff = make_page(width=width, height=height)
    login_as(staff, OperatorFactory())
    page = staff.goto(f"/drift/balansepotten/?ar={call.year}")
    page.get_by_role("link", name="Si nei-kurs").click()
    staff.check()
    page.get_by_label("Notater").fill("Konkret og godt begrunnet.")
    page.get_by_label("Fremmer likestilling og mangfold").select_option("5")
    page.get_by_label("Gjennomførbart").select_option("4")
    page.get_by_role("button", name="Lagre vurderingen").click()
    staff.check()
    page.get_by_label("Innvilg søknaden").check()
    page.get_by_label("Innvilget beløp (kr)").fill("15 000")
    page.get_by_role("button", name="Fatt vedtak og send brevet").click()
    staff.check()
    assert "Tilskuddet er innvilget og brevet sendt." in page.content()
    assert "Si nei-kurs får støtte" in mail.outbox[-1].subject
    page.get_by_role("button", name="Registrer utbetalingen").click()
    staff.check()
    application.refresh_from_db()
    assert application.status == Status.PAID

    # Another grant's payout is postponed to next year.
    other = ApplicationFactory(call=call, status=Status.GRANTED, amount_granted=20000, project="Rundebord")
    page = staff.goto(f"/drift/balansepotten/soknad/{other.pk}/")
    page.get_by_label("Hvorfor utbetalingen utsettes til neste år").fill("Pandemien")
    page.get_by_role("button", name="Utsett til neste år").click()
    staff.check()
    other.refresh_from_db()
    assert (other.status, other.postponed_to) == (Status.POSTPONED, call.year + 1)
    page = staff.goto(f"/drift/balansepotten/?ar={call.year}")
    assert "Utsatt til neste år" in page.content()
    staff.goto(f"/drift/balansepotten/utlysning/{call.year}/")
    staff.goto("/drift/balansepotten/brev/")
    if width == 360:
        page = staff.goto(f"/drift/balansepotten/?ar={call.year}")
        page.screenshot(path=str(tmp_path / "grants-overview.png"), full_page=True)
