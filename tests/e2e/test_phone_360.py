"""Every page of the journeys on a 360×740 phone: no sideways scrolling, and no text running out of its box.
Screenshots are written to test-artifacts/phone-360/ to look at."""

from playwright.sync_api import expect

from balanse.exercise import services as exercise_services
from tests.e2e.conftest import ARTIFACTS, last_code_for
from tests.factories import MembershipFactory, OperatorFactory, OrganisationFactory, make_org_admin

WIDTH, HEIGHT = 360, 740

# Elements wider than the screen, or whose text is cut off by a box that hides overflow.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    if (box.right > width + 1 && !el.closest('.table-wrap')) out.push(name + ' right=' + Math.round(box.right));
    const clips = /(hidden|clip)/.test(style.overflowX) && !el.closest('.visually-hidden, .ds-skip-link');
    if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) out.push(name + ' cut off');
  }
  return out.slice(0, 10);
}"""


def _at_360(wrapper, name: str) -> None:
    page = wrapper.page
    (ARTIFACTS / "phone-360").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-360" / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, name
    assert page.evaluate(OVERFLOW) == [], name


def _visit(wrapper, path: str, name: str):
    page = wrapper.goto(path)
    _at_360(wrapper, name)
    return page


def test_public_and_log_in_pages_fit_a_phone(make_page):
    admin = make_org_admin(OrganisationFactory(name="Nasjonalbiblioteket"), user__email="kari@example.no")
    phone = make_page(width=WIDTH, height=HEIGHT)
    _visit(phone, "/", "home")
    _visit(phone, "/sok-rad/", "seek-advice")
    _visit(phone, "/merket/", "registry")
    page = _visit(phone, "/konto/login/", "login")
    page.get_by_role("textbox", name="E-postadresse").fill(admin.email)
    page.get_by_role("button", name="Send meg en innloggingskode").click()
    phone.check()
    _at_360(phone, "login-code")
    code = page.get_by_label("Kode")
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    cancel = page.get_by_role("button", name="Avbryt")
    if cancel.count():
        assert cancel.get_attribute("data-variant") != "primary"
    code.fill(last_code_for(admin.email))
    page.get_by_role("button", name="Logg inn").click()
    phone.check()
    _at_360(phone, "after-login")


def test_organisation_and_facilitator_pages_fit_a_phone(make_page, login_as):
    organisation = OrganisationFactory(name="Kristiansund Operaforening og Kulturarena")
    admin = make_org_admin(
        organisation, user__email="administrasjonssekretaer.med.langt.navn@operaforening.example"
    )
    for i in range(3):
        MembershipFactory(organisation=organisation, user__email=f"person.nummer.{i}@kulturarena.example")
    phone = make_page(width=WIDTH, height=HEIGHT)
    login_as(phone, admin)
    _visit(phone, f"/virksomhet/{organisation.pk}/", "organisation")
    _visit(phone, f"/virksomhet/{organisation.pk}/merket/", "organisation-mark")
    _visit(phone, "/fasilitator/ovelse/", "facilitate")
    session = exercise_services.start_session(
        by=admin, template=exercise_services.default_template(), organisation=organisation
    )
    _visit(phone, f"/fasilitator/ovelse/{session.pk}/", "control")
    _visit(phone, f"/fasilitator/ovelse/{session.pk}/avslutt/", "end")
    _visit(phone, f"/fasilitator/ovelse/{session.pk}/oppsummering/", "summary")
    _visit(phone, f"/fasilitator/ovelse/{session.pk}/storskjerm/", "presenter-on-phone")
    _visit(phone, "/kurs/", "my-courses")

    participant = make_page(width=WIDTH, height=HEIGHT)
    page = _visit(participant, "/ovelse/", "join")
    assert page.locator(".site-nav").count() == 0  # the participant's pages have no site menu
    page.get_by_label("Kode").fill(session.code)
    page.get_by_role("button", name="Fortsett").click()
    participant.check()
    _at_360(participant, "participate")
    assert page.locator(".site-nav").count() == 0


def test_main_menu_collapses_behind_one_button_on_a_phone(make_page, login_as):
    organisation = OrganisationFactory()
    admin = make_org_admin(organisation)
    phone = make_page(width=WIDTH, height=HEIGHT)
    login_as(phone, admin)
    page = phone.goto("/")
    menu = page.get_by_role("button", name="Meny")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 130, header  # was about 300 px with the whole menu
    page.screenshot(path=str(ARTIFACTS / "phone-360" / "menu-closed.png"))
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=str(ARTIFACTS / "phone-360" / "menu-open.png"))
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav).to_be_visible()
    phone.check("menu open")
    nav.get_by_role("link", name="Min virksomhet").click()
    phone.check()
    expect(page.get_by_role("button", name="Meny")).to_have_attribute("aria-expanded", "false")

    wide = make_page(width=1280, height=800)
    login_as(wide, admin)
    page = wide.goto("/")
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()


def test_two_factor_page_fits_a_phone(make_page):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.e2e.conftest import totp_now

    operator = OperatorFactory(email="driftsansvarlig@balansekunst.example", password="Et langt passord 2026")
    secret = generate_totp_secret()
    TOTP.activate(operator, secret)
    phone = make_page(width=WIDTH, height=HEIGHT)
    page = phone.goto("/konto/login/")
    page.get_by_role("textbox", name="E-post", exact=True).fill(operator.email)
    page.get_by_label("Passord").fill("Et langt passord 2026")
    page.get_by_role("button", name="Logg inn med passord").click()
    phone.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinnsbekreftelse")
    _at_360(phone, "two-factor")
    code = page.get_by_label("Kode")
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert page.get_by_role("button", name="Avbryt").get_attribute("data-variant") == "tertiary"
    assert (
        page.get_by_role("button", name="Bruk en sikkerhetsnøkkel").get_attribute("data-variant")
        == "secondary"
    )
    code.fill(totp_now(secret))
    page.get_by_role("button", name="Logg inn").click()
    phone.check()
    expect(page.get_by_text("Du er logget inn som")).to_be_visible()
    _at_360(phone, "operator-after-login")


def test_workbook_and_course_pages_fit_a_phone(make_page, login_as):
    from datetime import date

    from balanse.certification import services as cert_services
    from balanse.course import services as course_services
    from balanse.course.models import Course
    from balanse.workbook import services as workbook_services
    from tests.factories import UserFactory

    organisation = OrganisationFactory(name="Sogn og Fjordane Musikkteaterforening")
    admin = make_org_admin(organisation)
    operator = OperatorFactory()
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Olga", place="Førde"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator)
    workbook = workbook_services.start_workbook(certification=cert, by=admin)
    phone = make_page(width=WIDTH, height=HEIGHT)
    login_as(phone, admin)
    _visit(phone, f"/tiltak/{workbook.pk}/", "workbook")
    for slug in (
        "kartlegging",
        "regler",
        "rutiner",
        "konsekvenser",
        "ansvar",
        "kontraktsklausul",
        "snakk-om-det",
    ):
        _visit(phone, f"/tiltak/{workbook.pk}/{slug}/", f"workbook-{slug}")
    _visit(phone, f"/tiltak/{workbook.pk}/plan/", "workbook-plan")

    course = Course.objects.get(slug="trygt-kulturliv")
    learner = UserFactory(email="kursdeltaker.med.langt.navn@musikkteaterforening.example")
    course_services.invite_learners(
        organisation=organisation, course=course, emails=[learner.email], by=admin
    )
    _visit(phone, f"/virksomhet/{organisation.pk}/kurs/{course.slug}/", "organisation-course")
    student = make_page(width=WIDTH, height=HEIGHT)
    login_as(student, learner)
    _visit(student, "/kurs/", "learner-courses")
    _visit(student, f"/kurs/{course.slug}/", "learner-course")
    for key in ("definisjonen", "quiz-definisjon", "refleksjon-grenser", "case-premierefesten"):
        _visit(student, f"/kurs/{course.slug}/steg/{key}/", f"course-{key}")
