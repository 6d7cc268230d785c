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
    credentials._key_cache.clear()


def _mark(operator, name: str, state=S.CERTIFIED) -> Certification:
    organisation = OrganisationFactory(name=name, municipality="Bergen")
    cert = services.apply(organisation=organisation, by=operator)
    for step in PATHS[S.CERTIFIED]:
        cert = run_step(cert, step, operator)
    cert.refresh_from_db()
    return cert


def test_public_verifies_from_the_qr_link_and_downloads_the_badge(make_page, operator, tmp_path):
    cert = _mark(operator, "Kulturhuset Fjord")
    url = proof.qr_target(cert)  # what the diploma's QR code encodes
    assert url.startswith(credentials.absolute("/merket/"))
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
