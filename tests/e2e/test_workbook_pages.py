"""Every workbook page in the browser, scanned with axe: history, last year's changes, the plan, the clause,
the page before the workbook opens, a stale save and a validation error (nothing typed is lost)."""

from datetime import date

from playwright.sync_api import expect

from balanse.certification import services as cert_services
from balanse.workbook import services
from balanse.workbook.models import Section, SectionKey, Workbook
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin, make_org_member
from tests.workbook.conftest import fill_workbook


def _certification_in_follow_up(organisation, operator, admin):
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Olga", place="Oslo"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator)
    first = services.start_workbook(certification=cert, by=admin)
    fill_workbook(first, by=admin)
    cert = cert_services.submit_for_review(certification=cert, by=admin)
    cert = cert_services.award_mark(certification=cert, decided_by=operator)
    cert = cert_services.start_follow_up(certification=cert, by=operator, date=cert.valid_from)
    return cert, first


def test_workbook_pages_pass_axe_and_keep_typing(make_page, login_as):
    operator = OperatorFactory()
    organisation = OrganisationFactory(name="Scene Vest")
    admin = make_org_admin(organisation, user__full_name="Anna Admin")
    member = make_org_member(organisation, user__full_name="Mons Medlem")
    cert, first = _certification_in_follow_up(organisation, operator, admin)
    current = Workbook.objects.get(certification=cert, cycle=2)
    rules = Section.objects.get(workbook=current, key=SectionKey.RULES)
    services.add_rule(workbook=current, text="Vi holder møter i arbeidslokaler.", factors=[], by=admin)

    a = make_page(width=360, height=780)
    login_as(a, admin)
    page = a.goto(f"/tiltak/{current.pk}/")
    page.get_by_role("link", name="Endringer siden i fjor").click()
    a.check()
    assert page.get_by_text("Vi holder møter i arbeidslokaler.").is_visible()
    page.goto(a.url(f"/tiltak/{current.pk}/regler/historikk/"))
    a.check()
    assert page.get_by_role("heading", name="Versjon 2 – Anna Admin").is_visible()
    page.goto(a.url(f"/tiltak/{current.pk}/plan/"))
    a.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(a.url(f"/tiltak/{current.pk}/kontraktsklausul/tekst/"))
    a.check()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role(
        "button", name="Kopier klausulen"
    ).click()  # the site's one copy script (core/js/copy.js)
    expect(page.get_by_role("status").filter(has_text="Kopiert")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#clause-text").input_value()
    page.goto(a.url(f"/tiltak/{first.pk}/regler/"))
    a.check()
    assert page.get_by_text("Dette er tiltaksarbeidet fra et tidligere år.").is_visible()

    # A stale save: Mons saves the rules after Anna opened them; Anna's text is kept and both are shown.
    page.goto(a.url(f"/tiltak/{current.pk}/regler/"))
    a.check()
    rules.refresh_from_db()
    data = dict(rules.data, discussion="Mons sine notater.")
    services.save_section(section=rules, data=data, version=rules.version, by=member)
    page.get_by_label("Dette ble vi enige om da vi drøftet spørsmålene").fill("Annas notater.")
    page.get_by_role("button", name="Lagre «Regler»").click()
    a.check()
    assert page.get_by_text("Noen andre lagret denne delen mens du redigerte.").is_visible()
    assert page.get_by_role("heading", name="To versjoner").is_visible()
    assert page.get_by_text("Mons sine notater.").is_visible()
    assert (
        page.get_by_label("Dette ble vi enige om da vi drøftet spørsmålene").input_value() == "Annas notater."
    )
    page.get_by_role("button", name="Lagre «Regler»").click()
    a.check()
    assert page.get_by_text("«Regler» er lagret.").is_visible()

    # A rule longer than the limit: a clear message, and the text stays.
    page.get_by_label("Ny regel").fill("x" * 501)
    page.get_by_role("button", name="Lagre «Regler»").click()
    a.check()
    assert page.get_by_text("Denne teksten kan være på høyst 500 tegn (den har 501).").first.is_visible()
    assert page.get_by_label("Ny regel").input_value() == "x" * 501

    # An adopted suggestion is added to the rules.
    page.get_by_role("button", name="Ta i bruk forslag 1", exact=True).click()
    a.check()
    assert page.get_by_text("Regelen er lagt til reglene deres.").is_visible()

    # Before the course is held, the workbook is not open yet.
    other = OrganisationFactory(name="Teater Nord")
    other_admin = make_org_admin(other)
    cert_services.apply(organisation=other, by=operator)
    b = make_page()
    login_as(b, other_admin)
    page_b = b.goto(f"/virksomhet/{other.pk}/tiltak/")
    assert page_b.get_by_text("Tiltaksarbeidet åpner når kurset er holdt").is_visible()


def test_a_section_sent_back_shows_must_be_changed_on_a_phone(make_page, login_as):
    """Issue 13: the overview never says "still missing" and "all done" at once, and a section the
    operator sent back shows "Må endres", not "Fullført"."""
    operator = OperatorFactory()
    organisation = OrganisationFactory(name="Scene Sør")
    admin = make_org_admin(organisation, user__full_name="Siri Sør")
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Olga", place="Oslo"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator)
    workbook = services.start_workbook(certification=cert, by=admin)
    fill_workbook(workbook, by=admin)
    cert = cert_services.submit_for_review(certification=cert, by=admin)
    cert_services.send_back(certification=cert, by=operator, comments={"rules": "Ta med turné."})

    a = make_page(width=360, height=780)
    login_as(a, admin)
    page = a.goto(f"/tiltak/{workbook.pk}/")
    a.check()
    expect(page.get_by_role("heading", name="Dette mangler fortsatt for merket")).to_be_visible()
    expect(page.get_by_text("1 del ble sendt tilbake i vurderingen og må endres.")).to_be_visible()
    expect(page.get_by_text("Alle delene er fullført.")).to_have_count(0)
    rules = page.locator("ol.workbook-sections > li").nth(1)
    expect(rules.get_by_text("Må endres")).to_be_visible()
    expect(rules.get_by_text("Fullført")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="2. Regler").click()
    a.check()
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Status")).get_by_text("Må endres")
    ).to_be_visible()
