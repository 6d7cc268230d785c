"""Journey: an organisation goes from application to the mark, the public verifies it, and time lets it expire."""

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.core.management import call_command

from balanse.certification.models import Certification
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin

CHECKLIST_LABELS = [
    "Kartlegging er på plass",
    "Regler er på plass",
    "Rutiner er på plass",
    "Konsekvenser er på plass",
    "Ansvar er på plass",
    "Snakk om det er på plass",
    "Kontraktsklausul er på plass",
]


def test_certification_journey_from_application_to_expiry(make_page, login_as, settings):
    settings.CERTIFICATION_OPERATOR_EMAIL = "drift@balansekunst.example"
    organisation = OrganisationFactory(
        name="Teater Grensesnitt", municipality="Bergen", fields=["performing_arts"]
    )
    admin = make_org_admin(organisation, user__email="leder@grensesnitt.example")
    operator = OperatorFactory(full_name="Olga Operatør")

    # The organisation admin applies, from the organisation's page.
    org = make_page(width=360, height=780)
    login_as(org, admin)
    page = org.goto(f"/virksomhet/{organisation.pk}/")
    page.get_by_role("link", name="Balansemerket: hvor dere er og hva som skjer videre").click()
    org.check()
    page.get_by_role("button", name="Søk om Balansemerket").click()
    org.check()
    assert page.get_by_text("Takk! Søknaden deres om Balansemerket er mottatt.").is_visible()
    assert page.get_by_text("Balansekunst tar kontakt for å avtale kurs for de ansatte.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The operator books and holds the course.
    op = make_page()
    login_as(op, operator)
    page_op = op.goto("/drift/merket/")
    page_op.get_by_role("link", name="Teater Grensesnitt").first.click()
    op.check()
    page_op.get_by_label("Dato for kurset").fill("2026-12-01")
    page_op.get_by_label("Sted").fill("Bergen, scene 2")
    page_op.get_by_label("Kursholder").fill("Olga Operatør")
    page_op.get_by_role("button", name="Bestill kurset").click()
    op.check()
    assert page_op.get_by_text("Kurset er bestilt.").is_visible()
    page_op.get_by_label("Antall deltakere").first.fill("18")
    page_op.get_by_role("button", name="Registrer kurset som holdt").click()
    op.check()
    assert page_op.get_by_text("Kurset er registrert som holdt.").is_visible()

    # The operator keeps the checklist as the organisation's measures come in.
    for label in CHECKLIST_LABELS:
        page_op.get_by_label(label, exact=True).check()
    page_op.get_by_role("button", name="Lagre sjekklisten").click()
    op.check()

    # The admin submits; the submission is locked.
    page.reload()
    org.check()
    page.get_by_role("button", name="Send tiltakene til vurdering").click()
    org.check()
    assert page.get_by_text("Tiltakene deres er sendt til vurdering.").is_visible()
    assert page.get_by_text("Innsendingen deres er låst mens Balansekunst vurderer den.").is_visible()

    # The operator sends it back with a comment on the rules.
    page_op.reload()
    op.check()
    page_op.get_by_label("Kommentar til regler").fill(
        "Reglene må også gjelde turné og fester etter forestilling."
    )
    page_op.get_by_role("button", name="Send tilbake med kommentarer").click()
    op.check()
    assert page_op.get_by_text("Tiltakene er sendt tilbake").is_visible()

    # The admin sees what to fix.
    page.reload()
    org.check()
    assert page.get_by_text("1 tiltak mangler fortsatt.").is_visible()
    assert page.get_by_text("Reglene må også gjelde turné og fester etter forestilling.").is_visible()
    assert page.get_by_role("button", name="Send tiltakene til vurdering").count() == 0

    # The admin fixes the rules, the operator ticks them, the admin resubmits.
    page_op.get_by_label("Regler er på plass", exact=True).check()
    page_op.get_by_role("button", name="Lagre sjekklisten").click()
    op.check()
    page.reload()
    org.check()
    page.get_by_role("button", name="Send tiltakene til vurdering").click()
    org.check()

    # The operator awards the mark.
    page_op.reload()
    op.check()
    page_op.get_by_role("button", name="Tildel merket").click()
    op.check()
    certification = Certification.objects.get(organisation=organisation)
    number = certification.certificate_number
    assert re.fullmatch(r"BM-\d{4}-001", number)
    assert page_op.get_by_text(f"Balansemerket er tildelt. Sertifikatnummer: {number}.").is_visible()

    # The public finds the organisation in the registry and opens its verification page.
    public = make_page(width=360, height=780)
    page_pub = public.goto("/")
    page_pub.get_by_role("button", name="Meny").click()  # on a phone the main menu is behind one button
    page_pub.get_by_role("link", name="Sertifiserte virksomheter").click()
    public.check()
    page_pub.get_by_label("Søk").fill("Grensesnitt")
    page_pub.get_by_label("Kunstfelt").select_option(label="Scenekunst")
    page_pub.get_by_role("button", name="Søk").click()
    public.check()
    assert page_pub.get_by_text("1 virksomhet med gyldig merke").is_visible()
    page_pub.get_by_role("link", name="Teater Grensesnitt").click()
    public.check()
    assert page_pub.url.endswith(f"/merket/{number}/")
    assert page_pub.get_by_text("Gyldig. Merket er gyldig til").is_visible()
    assert page_pub.evaluate("document.documentElement.scrollWidth") <= 360

    # Time passes: the reminders arrive 60 and 14 days before, and on the day; then the mark expires.
    until = certification.valid_until
    mail.outbox.clear()
    for days_before in (60, 60, 14, 14, 0, 0):
        with time_machine.travel(
            f"{(until - timedelta(days=days_before)).isoformat()} 07:00 +0100", tick=False
        ):
            call_command("certification_daily", stdout=None)
    assert [m.subject for m in mail.outbox] == [
        "Balansemerket for Teater Grensesnitt utløper om 60 dager",
        "Balansemerket for Teater Grensesnitt utløper om 14 dager",
        "Balansemerket for Teater Grensesnitt utløper i dag",
    ]
    assert all(m.to == ["leder@grensesnitt.example", "drift@balansekunst.example"] for m in mail.outbox)

    with time_machine.travel(f"{(until + timedelta(days=1)).isoformat()} 07:00 +0100", tick=False):
        call_command("certification_daily", stdout=None)
        page_pub.reload()
        public.check()
        assert page_pub.get_by_text("Utløpt. Merket var gyldig til").is_visible()
        public.goto("/merket/")
        assert page_pub.get_by_text("0 virksomheter med gyldig merke").is_visible()
    certification.refresh_from_db()
    assert certification.state == Certification.State.EXPIRED
