"""The workbook never loses what was typed (360×740, a phone): the save button stays in reach, leaving with
unsaved changes asks first, and what was typed comes back with a notice after the page was left anyway (or
the tab closed); saving clears the draft, and the draft can be thrown away."""

from datetime import date

from playwright.sync_api import expect

from balanse.certification import services as cert_services
from balanse.workbook import services
from tests.e2e.conftest import A11yPage, problems
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin

TYPED = "Brudd på reglene gir en skriftlig advarsel etter en samtale."


def _workbook(admin, organisation):
    operator = OperatorFactory()
    cert = cert_services.apply(organisation=organisation, by=operator)
    cert = cert_services.book_course(
        certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Olga", place="Oslo"
    )
    cert = cert_services.mark_course_held(certification=cert, by=operator)
    return services.start_workbook(certification=cert, by=admin)


def test_typed_text_is_never_lost(make_page, login_as):
    organisation = OrganisationFactory(name="Scene Vest")
    admin = make_org_admin(organisation, user__full_name="Anna Admin")
    workbook = _workbook(admin, organisation)
    path = f"/tiltak/{workbook.pk}/konsekvenser/"
    a = make_page(width=360, height=740)
    login_as(a, admin)
    page = a.goto(path)
    field = page.get_by_label("Hvilke regelbrudd fører til en advarsel?")
    save = page.get_by_role("button", name="Lagre «Konsekvenser»")

    # The save button stays in reach while the form is scrolled through.
    field.scroll_into_view_if_needed()
    box = save.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box

    field.click()
    page.keyboard.type(TYPED)
    expect(page.get_by_text("Du har endringer som ikke er lagret")).to_be_visible()
    a.check("typed, not saved")

    # Leaving asks first; staying keeps the text.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="5. Ansvar").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(path)
    expect(field).to_have_value(TYPED)

    # Leaving anyway: the text comes back with a notice.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="5. Ansvar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("5. Ansvar")
    a.check()
    page.goto(a.url(path))
    a.check()
    expect(page.get_by_text("Vi har satt inn igjen teksten du skrev her")).to_be_visible()
    expect(field).to_have_value(TYPED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Saving keeps it on the server and clears the draft: no notice afterwards.
    save.click()
    a.check()
    expect(page.get_by_text("«Konsekvenser» er lagret.")).to_be_visible()
    expect(field).to_have_value(TYPED)
    page.goto(a.url(path))
    a.check()
    expect(page.get_by_text("Vi har satt inn igjen teksten du skrev her")).to_be_hidden()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('balanse-draft:'))") == []

    # A tab closed mid-typing: the text comes back in a new tab, and can be thrown away.
    field.click()
    page.keyboard.press("End")
    page.keyboard.type(" Og en til.")
    page.wait_for_timeout(400)  # the draft is written 300 ms after the last key
    context = page.context
    page.close()
    b = A11yPage(context.new_page(), a.base_url)
    tab = b.goto(path)
    expect(tab.get_by_text("Vi har satt inn igjen teksten du skrev her")).to_be_visible()
    field = tab.get_by_label("Hvilke regelbrudd fører til en advarsel?")
    expect(field).to_have_value(TYPED + " Og en til.")
    tab.get_by_role("button", name="Forkast det jeg skrev").click()
    expect(field).to_have_value(TYPED)  # what is saved
    expect(tab.get_by_text("Vi har satt inn igjen teksten du skrev her")).to_be_hidden()
    b.check("draft thrown away")
    tab.get_by_role("link", name="5. Ansvar").click()  # nothing unsaved: no question
    expect(tab.get_by_role("heading", level=1)).to_have_text("5. Ansvar")
    b.check()
    assert not problems(b)
