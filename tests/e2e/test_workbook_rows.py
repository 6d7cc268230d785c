"""Journey (issue 9): the workbook's repeating rows on a phone: add a rule in the empty row, remove another
with its "remove" box, and add a contact person. Every page is scanned with axe."""

from balanse.workbook.models import Section, SectionKey, Workbook
from tests.e2e.test_workbook_pages import _certification_in_follow_up
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin


def test_rules_and_contacts_are_added_and_removed_row_by_row(make_page, login_as):
    organisation = OrganisationFactory(name="Scene Vest")
    admin = make_org_admin(organisation)
    cert, _first = _certification_in_follow_up(organisation, OperatorFactory(), admin)
    workbook = Workbook.objects.get(certification=cert, cycle=2)
    rules = Section.objects.get(workbook=workbook, key=SectionKey.RULES)
    saved = rules.data["rules"][0]["text"]

    phone = make_page(width=360, height=780)
    login_as(phone, admin)
    page = phone.goto(f"/tiltak/{workbook.pk}/regler/")
    page.get_by_label("Ny regel", exact=True).fill("Vi holder møter i arbeidslokaler.")
    page.get_by_role("button", name="Lagre «Regler»").click()
    phone.check()
    assert page.get_by_label("Regel 2", exact=True).input_value() == "Vi holder møter i arbeidslokaler."
    page.get_by_label("Fjern regel 1").check()
    page.get_by_role("button", name="Lagre «Regler»").click()
    phone.check()
    assert page.get_by_label("Regel 1", exact=True).input_value() == "Vi holder møter i arbeidslokaler."
    assert page.get_by_label("Regel 2", exact=True).count() == 0
    rules.refresh_from_db()
    assert [r["text"] for r in rules.data["rules"]] == ["Vi holder møter i arbeidslokaler."]
    assert saved not in [r["text"] for r in rules.data["rules"]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page = phone.goto(f"/tiltak/{workbook.pk}/rutiner/")
    second = page.get_by_role("group", name="Kontaktperson 2")
    second.get_by_label("Navn").fill("Ola Tillitsvalgt")
    second.get_by_label("Slik når du dem (telefon, e-post)").fill("ola@example.org")
    page.get_by_role("button", name="Lagre «Rutiner»").click()
    phone.check()
    routines = Section.objects.get(workbook=workbook, key=SectionKey.ROUTINES)
    assert [c["name"] for c in routines.data["contacts"]] == ["Vera Verneombud", "Ola Tillitsvalgt"]
