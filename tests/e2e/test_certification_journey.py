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
    # The application asks what Balansekunst needs and says what happens next.
    assert page.get_by_text("Hva skjer videre").is_visible()
    page.get_by_label(re.compile(r"^Kontaktperson( |$)")).fill("Lene Leder")
    page.get_by_label("Personer i virksomheten").select_option(label="10–49 personer")
    page.get_by_label("Ønsket tidspunkt for kurset").fill("En formiddag i desember")
    mail.outbox.clear()
    page.get_by_role("button", name="Søk om Balansemerket").click()
    org.check()
    assert page.get_by_text("Takk! Søknaden deres om Balansemerket er mottatt.").is_visible()
    # Balansekunst hears about the application, with a link to the certification.
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["drift@balansekunst.example"],
        "Ny søknad om Balansemerket: Teater Grensesnitt",
    )
    assert "/drift/merket/" in message.body
    assert (
        "Lene Leder, leder@grensesnitt.example" in message.body and "En formiddag i desember" in message.body
    )
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
    mail.outbox.clear()
    page_op.get_by_role("button", name="Bestill kurset").click()
    op.check()
    assert page_op.get_by_text("Kurset er bestilt.").is_visible()
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["leder@grensesnitt.example"],
        "Kurset for Teater Grensesnitt er booket",
    )
    assert "Bergen, scene 2" in message.body and f"/virksomhet/{organisation.pk}/merket/" in message.body
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

    # The operator reviews: each measure beside its comment box. A comment typed is kept as a draft when
    # the operator leaves and comes back.
    page_op.reload()
    op.check()
    comment = "Reglene må også gjelde turné og fester etter forestilling."
    page_op.get_by_label("Kommentar til regler").fill(comment)
    page_op.get_by_text("Utkast lagret").wait_for()
    op.check("draft saved")
    page_op.goto(page_op.url)
    op.check()
    assert page_op.get_by_label("Kommentar til regler").input_value() == comment
    mail.outbox.clear()
    page_op.get_by_role("button", name="Send tilbake med kommentarer").click()
    op.check()
    assert page_op.get_by_text("Tiltakene er sendt tilbake").is_visible()
    # The admin gets the comment by e-mail, with the link to the page.
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["leder@grensesnitt.example"],
        "Teater Grensesnitt: noen tiltak må endres",
    )
    assert f"Regler:\n{comment}" in message.body and f"/virksomhet/{organisation.pk}/merket/" in message.body

    # The admin sees what to fix: "Må endres" with the comment at the top and at the item, no submit.
    page.reload()
    org.check()
    assert page.get_by_role("heading", name="1 tiltak må endres").is_visible()
    assert page.get_by_text(comment).count() == 2
    assert page.locator(".requirements").get_by_text("Må endres").is_visible()
    assert page.get_by_role("button", name="Send tiltakene til vurdering").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Every measure is complete again but the commented one has not changed since the comment (as when a
    # workbook section is left as it was): submitting is still not offered, and the page says why.
    certification = Certification.objects.get(organisation=organisation)
    certification.checklist.filter(key="rules").update(complete=True)  # complete, its content not changed
    page.reload()
    org.check()
    assert page.get_by_role("button", name="Send tiltakene til vurdering").count() == 0
    assert page.get_by_text("Dere kan sende inn på nytt når alle kommentarene er fulgt opp.").is_visible()

    # The admin answers the comment; now the measures can be submitted again.
    page.get_by_text("Svar på kommentaren", exact=True).click()
    org.check()
    page.get_by_label("Svaret deres").fill("Vi har lagt til turné og fester i reglene, punkt 4.")
    page.get_by_role("button", name="Lagre svaret").click()
    org.check()
    assert page.get_by_text("Svaret ditt er lagret.").is_visible()
    assert page.get_by_text("Må endres").count() == 0
    mail.outbox.clear()
    page.get_by_role("button", name="Send tiltakene til vurdering").click()
    org.check()
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["drift@balansekunst.example"],
        "Teater Grensesnitt har sendt inn tiltakene til vurdering",
    )

    # The review and the award confirmation also work on a phone.
    small = make_page(width=360, height=780)
    login_as(small, operator)
    page_small = small.goto(f"/drift/merket/{certification.pk}/")
    small.check()
    assert page_small.evaluate("document.documentElement.scrollWidth") <= 360
    small.goto(f"/drift/merket/{certification.pk}/tildel/")
    small.check()
    assert page_small.evaluate("document.documentElement.scrollWidth") <= 360

    # The operator sees the answer beside the measure, and awards the mark after confirming what is published.
    page_op.reload()
    op.check()
    assert (
        page_op.locator(".review-row")
        .get_by_text("Vi har lagt til turné og fester i reglene, punkt 4.")
        .is_visible()
    )
    page_op.get_by_role("button", name="Tildel merket").click()
    op.check()
    assert page_op.get_by_role("heading", name="Hva som blir publisert").is_visible()
    assert page_op.get_by_text("Teater Grensesnitt").first.is_visible()
    assert Certification.objects.get(organisation=organisation).state == Certification.State.IN_REVIEW
    mail.outbox.clear()
    page_op.get_by_role("button", name="Bekreft og publiser merket").click()
    op.check()
    certification = Certification.objects.get(organisation=organisation)
    number = certification.certificate_number
    assert re.fullmatch(r"BM-\d{4}-001", number)
    assert page_op.get_by_text(f"Balansemerket er tildelt. Sertifikatnummer: {number}.").is_visible()
    # The award e-mail links the diploma, the badge and the verification page.
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["leder@grensesnitt.example"],
        "Teater Grensesnitt har fått Balansemerket",
    )
    for path in (f"/merket/{number}/diplom.pdf", f"/merket/{number}/merke.svg", f"/merket/{number}/"):
        assert path in message.body

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
    # The number typed in lower case finds the mark; an unknown number says so and links to the registry.
    public.goto(f"/merket/{number.lower()}/")
    public.check()
    assert page_pub.url.endswith(f"/merket/{number}/")
    public.goto("/merket/BM-1999-999/")
    public.check()
    assert page_pub.get_by_role("heading", name="Ingen merke har nummeret BM-1999-999").is_visible()
    page_pub.get_by_role("link", name="Søk i registeret over virksomheter med gyldig merke").click()
    public.check()
    public.goto(f"/merket/{number}/")
    public.check()

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


def test_request_for_the_mark_becomes_an_organisation_and_an_invitation(make_page, login_as, settings):
    """“Vil du ha Balansemerket?”: an organisation without an account asks, on a phone; the operator turns
    the request into the organisation and an invitation in one step."""
    settings.CERTIFICATION_OPERATOR_EMAIL = "drift@balansekunst.example"
    operator = OperatorFactory(full_name="Olga Operatør")

    public = make_page(width=360, height=780)
    page = public.goto("/merket/")
    page.get_by_role("link", name="Vil du ha Balansemerket? Ta kontakt").click()
    public.check()
    page.get_by_role("button", name="Send").click()
    public.check()  # the form again, with what is missing
    assert page.get_by_text("Feltet er påkrevet.").first.is_visible()
    page.get_by_label("Virksomhetens navn").fill("Kulturhuset Ørsta")
    page.get_by_label("Kommune eller by").fill("Ørsta")
    page.get_by_label("Navnet ditt").fill("Per Person")
    page.get_by_label("E-postadressen din").fill("per@kulturhus.example")
    mail.outbox.clear()
    page.get_by_role("button", name="Send").click()
    public.check()
    assert page.get_by_role("heading", name="Takk for at du tok kontakt").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    (message,) = mail.outbox
    assert message.to == ["drift@balansekunst.example"]
    link = re.search(r"https?://\S+(/drift/merket/henvendelser/\d+/)", message.body).group(1)

    op = make_page(width=360, height=780)
    login_as(op, operator)
    page_op = op.goto("/drift/merket/")
    page_op.get_by_role("link", name="Kulturhuset Ørsta").click()
    op.check()
    assert page_op.url.endswith(link)
    mail.outbox.clear()
    page_op.get_by_role("button", name="Opprett og inviter").click()
    op.check()
    assert page_op.get_by_text(
        "Kulturhuset Ørsta ble opprettet, og per@kulturhus.example ble invitert"
    ).is_visible()
    assert page_op.evaluate("document.documentElement.scrollWidth") <= 360
    (invitation,) = mail.outbox
    assert invitation.to == ["per@kulturhus.example"] and "/invitasjon/" in invitation.body
