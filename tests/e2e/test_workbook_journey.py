"""Journey: two admins fill in the measures workbook together, submit it, get a comment back, fix it,
get the mark and download the plan; a person without an account opens the shared plan until it is revoked."""

from datetime import date

import docx
from pypdf import PdfReader

from balanse.certification import services as cert_services
from balanse.certification.models import Certification
from balanse.workbook.models import RiskFactor
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin


def _section(page, wrapper, name):
    page.get_by_role("link", name=name, exact=True).first.click()
    wrapper.check()


def _save(page, wrapper, label):
    page.get_by_role("button", name=f"Lagre «{label}»").click()
    wrapper.check()
    assert page.get_by_text(f"«{label}» er lagret.").is_visible()


def test_workbook_journey_two_admins_to_the_mark_and_the_shared_plan(make_page, login_as, tmp_path):
    organisation = OrganisationFactory(name="Teater Grensesnitt", municipality="Bergen")
    anna = make_org_admin(organisation, user__email="anna@grensesnitt.example", user__full_name="Anna Admin")
    bo = make_org_admin(organisation, user__email="bo@grensesnitt.example", user__full_name="Bo Bakke")
    operator = OperatorFactory(full_name="Olga Operatør")
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Olga", place="Bergen"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator, participants=12)

    a = make_page(width=360, height=780)
    login_as(a, anna)
    b = make_page()
    login_as(b, bo)
    page_a = a.goto(f"/virksomhet/{organisation.pk}/")
    page_a.get_by_role("link", name="Åpne tiltaksarbeidet").click()
    a.check()
    assert page_a.get_by_role("heading", name="Tiltaksarbeid – Teater Grensesnitt").is_visible()
    assert page_a.get_by_text("7 deler er ikke fullført ennå.").is_visible()
    workbook_url = page_a.url.removeprefix(a.base_url)
    page_b = b.goto(workbook_url)

    # At the same time: Anna opens the rules, Bo the risk mapping.
    _section(page_a, a, "2. Regler")
    _section(page_b, b, "1. Kartlegging")
    for factor in RiskFactor.objects.exclude(slug="alcohol"):
        page_b.get_by_role("group", name=factor.title).get_by_label("Nei").check()
    alcohol = page_b.get_by_role("group", name="Alkohol")
    alcohol.get_by_label("Ja").check()
    alcohol.get_by_label("Slik viser det seg hos oss").fill("Premierefester med åpen bar.")
    page_a.get_by_label("Ny regel").fill("På premierefester er alltid noen fra ledelsen edru.")
    page_a.get_by_role("group", name="Ny regel").get_by_label("Alkohol").check()
    _save(page_a, a, "Regler")
    _save(page_b, b, "Kartlegging")
    page_a.reload()
    a.check()
    assert (
        page_a.get_by_label("Regel 1", exact=True).input_value()
        == "På premierefester er alltid noen fra ledelsen edru."
    )
    assert page_a.get_by_text("Alle risikofaktorer som gjelder dere, har minst én regel").is_visible()
    assert page_b.get_by_role("group", name="Alkohol").get_by_label("Ja").is_checked()

    # Bo fills in the routines, the consequences and the rest.
    _section(page_b, b, "3. Rutiner")
    page_b.get_by_label("Navn").fill("Vera Verneombud")
    page_b.get_by_label("Rolle (for eksempel verneombud)").fill("Verneombud")
    page_b.get_by_label("Slik når du dem (telefon, e-post)").fill("vera@grensesnitt.example")
    page_b.get_by_label("Slik sier du fra, og til hvem").fill("Til verneombudet eller daglig leder.")
    page_b.get_by_label("Slik sier du fra når saken gjelder øverste leder").fill("Til styreleder.")
    page_b.get_by_role("group", name="Tar dere imot anonyme varsler?").get_by_label("Ja").check()
    page_b.get_by_label("Slik behandles en sak, trinn for trinn").fill(
        "1. Samtale. 2. Undersøkelse. 3. Tiltak."
    )
    page_b.get_by_label("Slik gjør vi rutinene kjent").fill("På oppstartsmøter og i kontrakter.")
    _save(page_b, b, "Rutiner")
    _section(page_b, b, "4. Konsekvenser")
    page_b.get_by_label("Hvilke regelbrudd fører til en advarsel?").fill("Kommentarer om kropp.")
    page_b.get_by_label("Hvilke hendelser fører til at noen mister ansvar?").fill("Gjentatte brudd.")
    page_b.get_by_label("Hvilken oppførsel fører til slutt på samarbeidet").fill("Trakassering; to år.")
    page_b.get_by_label("Hvilken oppførsel kan føre til oppsigelse?").fill("Grove overtramp.")
    page_b.get_by_label("Slik vurderer vi politianmeldelse").fill("Sammen med den som er rammet.")
    _save(page_b, b, "Konsekvenser")
    _section(page_b, b, "5. Ansvar")
    page_b.get_by_label("Ledelsens skriftlige standpunkt").fill("Vi tolererer ikke trakassering.")
    _save(page_b, b, "Ansvar")
    _section(page_b, b, "5b. Kontraktsklausul")
    clause = page_b.get_by_label("Kontraktsklausul")
    assert "Teater Grensesnitt arbeider for et trygt arbeidsmiljø" in clause.input_value()
    assert "Vera Verneombud" in clause.input_value()
    _save(page_b, b, "Kontraktsklausul")
    _section(page_b, b, "6. Snakk om det")
    page_b.get_by_label("Når vi snakker om grenser, regler og rutiner").fill("Personalmøter og oppstart.")
    page_b.get_by_label("Hvor ofte").fill("Hver måned")
    page_b.get_by_label("Neste gang (dato)").fill("2026-12-01")
    _save(page_b, b, "Snakk om det")

    # The completeness view turns complete; Anna submits.
    page_a.goto(a.url(workbook_url))
    a.check()
    assert page_a.get_by_text("Alle delene er fullført.").is_visible()
    page_a.get_by_role("link", name="Send tiltakene til vurdering").click()
    a.check()
    page_a.get_by_role("button", name="Send tiltakene til vurdering").click()
    a.check()
    assert page_a.get_by_text("Tiltakene deres er sendt til vurdering.").is_visible()
    page_a.goto(a.url(workbook_url))
    a.check()
    assert page_a.get_by_text(
        "Tiltaksarbeidet er låst mens Balansekunst vurderer tiltakene deres."
    ).is_visible()
    _section(page_a, a, "2. Regler")
    assert page_a.get_by_role("button", name="Lagre «Regler»").count() == 0

    # The operator sends it back with a comment on the rules.
    op = make_page()
    login_as(op, operator)
    page_op = op.goto(f"/drift/merket/{cert.pk}/")
    page_op.get_by_label("Kommentar til regler").fill("Reglene må også gjelde turné.")
    page_op.get_by_role("button", name="Send tilbake med kommentarer").click()
    op.check()

    # Anna sees the comment at the rules, fixes them and resubmits.
    page_a.reload()
    a.check()
    assert page_a.get_by_text("Reglene må også gjelde turné.").is_visible()
    page_a.get_by_label("Regel 1", exact=True).fill(
        "På premierefester og på turné er alltid noen fra ledelsen edru."
    )
    _save(page_a, a, "Regler")
    page_a.goto(a.url(f"/virksomhet/{organisation.pk}/merket/"))
    a.check()
    page_a.get_by_role("button", name="Send tiltakene til vurdering").click()
    a.check()

    # The operator awards the mark, after confirming what will be published.
    page_op.reload()
    op.check()
    page_op.get_by_role("button", name="Tildel merket").click()
    op.check()
    page_op.get_by_role("button", name="Bekreft og publiser merket").click()
    op.check()
    assert Certification.objects.get(pk=cert.pk).state == Certification.State.CERTIFIED

    # Anna downloads the plan as PDF and Word.
    page_a.goto(a.url(workbook_url))
    a.check()
    with page_a.expect_download() as info:
        page_a.get_by_role("link", name="Last ned planen som PDF").click()
    pdf_path = tmp_path / "plan.pdf"
    info.value.save_as(pdf_path)
    text = " ".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "turné er alltid noen fra ledelsen edru" in text
    assert "Vera Verneombud" in text
    with page_a.expect_download() as info:
        page_a.get_by_role("link", name="Last ned planen som Word-dokument").click()
    word = docx.Document(str(info.value.path()))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert "Teater Grensesnitt arbeider for et trygt arbeidsmiljø" in paragraphs

    # Anna shares the plan; a person without an account opens it; after revoking it no longer opens.
    page_a.get_by_role("link", name="Del planen med en lenke").click()
    a.check()
    page_a.get_by_role("button", name="Lag en ny lenke").click()
    a.check()
    link = page_a.get_by_label("Den nye lenken (vises bare én gang)").input_value()
    guest = make_page(width=360, height=780)
    page_g = guest.goto(link.removeprefix(guest.base_url))
    assert page_g.get_by_role(
        "heading", name="Plan for et trygt arbeidsmiljø – Teater Grensesnitt"
    ).is_visible()
    assert page_g.get_by_text("Vera Verneombud").first.is_visible()
    assert page_g.evaluate("document.documentElement.scrollWidth") <= 360
    page_a.get_by_role("button", name="Trekk tilbake lenken").click()
    a.check()
    assert page_a.get_by_text("Lenken er trukket tilbake.").is_visible()
    page_g.reload()
    guest.check()
    assert page_g.get_by_role("heading", name="Lenken virker ikke lenger").is_visible()
