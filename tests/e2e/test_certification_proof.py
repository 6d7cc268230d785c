"""The public checks a mark from the diploma's QR link and downloads the badge; the organisation admin
copies the badge snippet. Every page scanned with axe."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from balanse.certification import credentials, proof, services
from balanse.certification.models import Certification
from tests.certification.conftest import PATHS, run_step
from tests.factories import OrganisationFactory, make_org_admin

S = Certification.State


@pytest.fixture(autouse=True)
def _issuer_key(tmp_path, settings, live_server):
    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer-ed25519.pem"
    settings.SITE_URL = live_server.url
    yield
    credentials.clear_cache()


def _mark(operator, name: str, state=S.CERTIFIED) -> Certification:
    organisation = OrganisationFactory(name=name, municipality="Bergen")
    cert = services.apply(organisation=organisation, by=operator)
    for step in PATHS[S.CERTIFIED]:
        cert = run_step(cert, step, operator)
    cert.refresh_from_db()
    return cert


def test_public_verifies_from_the_qr_link_and_downloads_the_badge(make_page, operator, tmp_path, settings):
    cert = _mark(operator, "Kulturhuset Fjord")
    url = proof.qr_target(cert)  # what the diploma's QR code encodes
    assert url.startswith(settings.SITE_URL + "/merket/")
    public = make_page(width=360, height=780)
    page = public.goto(urlsplit(url).path)
    assert page.get_by_role("heading", level=1).inner_text() == "Balansemerket: Kulturhuset Fjord"
    status = page.locator(".verify-status").inner_text()
    assert status.startswith("Gyldig.")
    period = f"{cert.valid_from:%-d}. "
    facts = page.locator("dl.facts").inner_text()
    assert "Periode" in facts and period in facts
    assert page.get_by_role(
        "img", name=f"Balansemerket {proof.period_label(cert.periods.get())}"
    ).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned merket (SVG-bilde)").click()
    download = download_info.value
    assert download.suggested_filename == f"balansemerket-{cert.certificate_number}.svg"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    root = ElementTree.fromstring(target.read_bytes())  # noqa: S314 - our own file
    assert root.get("role") == "img"
    assert "Kulturhuset Fjord" in root.find("{http://www.w3.org/2000/svg}title").text


def test_verification_pages_of_withdrawn_and_expired_marks_say_so(make_page, operator):
    withdrawn = _mark(operator, "Festivalen Vind")
    services.withdraw(certification=withdrawn, by=operator, reason="Broke the agreement")
    expired = _mark(operator, "Scenehuset Sol")
    run_step(expired, "expire", operator)
    public = make_page()
    page = public.goto(f"/merket/{withdrawn.certificate_number}/")
    assert page.locator(".verify-status").inner_text().startswith("Trukket tilbake.")
    assert page.get_by_role("link", name="Diplom (PDF)").count() == 0
    assert page.get_by_role("img", name="Balansemerket").count() == 0
    page = public.goto(f"/merket/{expired.certificate_number}/")
    assert page.locator(".verify-status").inner_text().startswith("Utløpt.")


def test_organisation_admin_copies_the_badge_snippet(make_page, login_as, operator):
    cert = _mark(operator, "Teaterlaget Lys")
    admin = make_org_admin(cert.organisation)
    wrapper = make_page()
    wrapper.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login_as(wrapper, admin)
    page = wrapper.goto(f"/virksomhet/{cert.organisation_id}/merket/")
    snippet = page.get_by_label("HTML-kode for merket").input_value()
    assert snippet == proof.badge_snippet(cert)
    assert page.get_by_role("link", name="Diplom (PDF)").is_visible()
    page.get_by_role("button", name="Kopier HTML-koden").click()
    expect(page.get_by_role("status").filter(has_text="Kopiert til utklippstavlen.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == snippet
    wrapper.check("the snippet was copied, and the page says so")


def test_public_checks_a_downloaded_credential_and_sees_why_it_fails_after_a_key_compromise(
    make_page, operator, tmp_path
):
    cert = _mark(operator, "Kulturhuset Fjord")
    number = cert.certificate_number
    public = make_page(width=360, height=780)
    # The credential's address opened in a browser is a page a person can read.
    page = public.goto(f"/merket/{number}/bevis.json")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Digitalt bevis: Balansemerket for Kulturhuset Fjord"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Last ned det signerte digitale beviset (Open Badges 3.0, JSON)"
        ).click()
    first = tmp_path / "first.json"
    download_info.value.save_as(first)
    page.get_by_role("link", name="Kontroller et digitalt bevis").click()
    public.check()
    page.get_by_label("Fil med digitalt bevis").set_input_files(str(first))
    page.get_by_role("button", name="Kontroller beviset").click()
    public.check()
    assert page.locator(".verify-status").inner_text().startswith("Gyldig.")
    assert "Kulturhuset Fjord" in page.locator("dl.facts").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The key may have leaked: the operator replaces it and marks it compromised.
    credentials.rotate_key(compromised=True, by=operator)
    page.get_by_label("Fil med digitalt bevis").set_input_files(str(first))
    page.get_by_role("button", name="Kontroller beviset").click()
    public.check()
    assert page.locator(".verify-status").inner_text() == "Ikke gyldig."
    assert "kan ha kommet på avveie" in page.locator(".ds-alert").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned et nytt bevis for dette merket").click()
    second = tmp_path / "second.json"
    download_info.value.save_as(second)
    page.get_by_label("Fil med digitalt bevis").set_input_files(str(second))
    page.get_by_role("button", name="Kontroller beviset").click()
    public.check()
    assert page.locator(".verify-status").inner_text().startswith("Gyldig.")
    assert "key-2" in page.locator("dl.facts").inner_text()


def test_issuer_keys_and_status_list_are_readable_pages(make_page, operator):
    cert = _mark(operator, "Festivalen Vind")
    credentials.issue_credential(cert)
    credentials.rotate_key()
    services.withdraw(certification=cert, by=operator, reason="Broke the agreement")
    for width in (360, 1280):
        public = make_page(width=width)
        page = public.goto("/merket/utsteder/")
        assert page.get_by_role("heading", name="Nøkkel key-1").is_visible()
        assert "Bevis signert med den gjelder fortsatt" in page.locator("main").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("link", name="Statusliste over merker som er trukket tilbake").click()
        public.check()
        assert "Merker som er trukket tilbake\n1" in page.locator("dl.facts").inner_text()
