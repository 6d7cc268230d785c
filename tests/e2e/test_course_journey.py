"""Journey: an organisation admin invites a learner to the online course; the learner logs in with a one-time
code on a 360 px phone and goes through a whole module with the keyboard only (a quiz wrong then right, a
reflection, a case to an ending), leaves, logs in again and lands on the next step; the admin sees the counts
change. Every page is scanned with axe."""

import re

from django.core import mail

from balanse.course.models import Enrollment, Reflection
from tests.e2e.conftest import last_code_for, link_in_last_email
from tests.factories import OrganisationFactory, make_org_admin

LEARNER = "lise@rosendal.example"


def login_code_for(email: str) -> str:
    """The one-time code in the latest log-in e-mail (allauth writes it as XXXX-XXXX)."""
    for message in reversed(mail.outbox):
        match = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6})$", message.body, re.MULTILINE)
        if email in message.to and match:
            return match.group(1)
    raise AssertionError(f"no log-in code was e-mailed to {email}")


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has the focus (like a keyboard user moving through the page)."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => el === document.activeElement", target):
            return
    raise AssertionError(f"could not reach {locator} with Tab")


def press_on(wrapper, locator, key: str = "Enter", *, loads: bool = True) -> None:
    tab_to(wrapper.page, locator)
    if not loads:
        wrapper.page.keyboard.press(key)
        return
    with wrapper.page.expect_navigation():
        wrapper.page.keyboard.press(key)
    wrapper.check()


def counts(wrapper) -> tuple[str, str, str]:
    page = wrapper.page
    return tuple(
        page.get_by_test_id(f"count-{name}").inner_text() for name in ("invited", "started", "completed")
    )


def test_learner_takes_a_module_with_the_keyboard_and_admin_sees_progress(make_page, login_as):
    theatre = OrganisationFactory(name="Rosendal teater")
    admin_user = make_org_admin(theatre, user__full_name="Ingrid Admin")

    # The admin invites a learner.
    admin = make_page()
    login_as(admin, admin_user)
    page = admin.goto(f"/virksomhet/{theatre.pk}/")
    page.get_by_role("link", name="Trygt kulturliv – nettkurs mot seksuell trakassering").click()
    admin.check()
    assert counts(admin) == ("0", "0", "0")
    page.get_by_role("link", name="Inviter deltakere").click()
    admin.check()
    page.get_by_label("E-postadresser").fill("ikke-en-adresse")
    page.get_by_role("button", name="Send invitasjoner").click()
    admin.check()
    assert page.get_by_label("E-postadresser").input_value() == "ikke-en-adresse"
    page.get_by_label("E-postadresser").fill(f"{LEARNER.upper()}\n")
    page.get_by_role("button", name="Send invitasjoner").click()
    admin.check()
    assert counts(admin) == ("1", "0", "0")
    # No name yet: the table shows the address where the name goes, never a dash.
    assert page.get_by_role("row", name=f"{LEARNER} {LEARNER} Invitert").is_visible()

    # The learner opens the link on a phone: one button logs them in and opens the course (keyboard only).
    learner = make_page(width=360, height=780)
    link = link_in_last_email(LEARNER)
    learner.page.goto(link)
    learner.check()
    page = learner.page
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen til kurset")
    # No name is known yet: the learner gives it (the organisation's list shows it).
    tab_to(page, page.get_by_label("Navnet ditt"))
    page.keyboard.type("Lise Lærling")
    press_on(learner, page.get_by_role("button", name="Start kurset"))
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Trygt kulturliv – nettkurs mot seksuell trakassering"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    press_on(learner, page.get_by_role("link", name="Start kurset"))
    assert page.get_by_role("heading", level=1).inner_text() == "Definisjonen i loven"
    assert page.get_by_text("formål eller virkning", exact=False).first.is_visible()

    press_on(learner, page.get_by_role("link", name="Neste"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sjekk forståelsen"
    # Wrong first: "Ja" by Space on the first radio, one checkbox of two right ones.
    press_on(learner, page.get_by_label("Ja, det må være med vilje"), "Space", loads=False)
    press_on(learner, page.get_by_label("Gjentatte kommentarer om en kollegas kropp"), "Space", loads=False)
    press_on(learner, page.get_by_role("button", name="Sjekk svarene mine"))
    # Feedback next to each question, and the step is not done: it says "Prøv igjen".
    questions = page.locator("fieldset.course-question")
    assert questions.get_by_text("Ikke helt. Les tilbakemeldingen og prøv igjen.").count() == 2
    assert questions.first.get_by_text("Loven sier «formål eller virkning»", exact=False).is_visible()
    assert page.locator(".course-step-meta").inner_text().endswith("Prøv igjen")
    assert page.locator("#quiz-feedback").get_by_text("0 av 2 riktig.", exact=False).is_visible()
    # Then right: the arrow key moves the radio choice; Space ticks the second checkbox.
    tab_to(page, page.get_by_label("Ja, det må være med vilje"))
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("Nei, virkningen kan være nok").is_checked()
    press_on(
        learner, page.get_by_label("Å sende et delvis avkledd bilde til en kollega"), "Space", loads=False
    )
    press_on(learner, page.get_by_role("button", name="Sjekk igjen"))
    assert page.locator("fieldset.course-question").get_by_text("Riktig!", exact=False).count() == 2
    assert page.locator(".course-step-meta").inner_text().endswith("Gjort")

    press_on(learner, page.get_by_role("link", name="Neste"))
    assert page.get_by_role("heading", level=1).inner_text() == "Dine egne grenser"
    tab_to(page, page.get_by_label("Refleksjonen din"))
    page.keyboard.type("Jeg var usikker da en kollega kommenterte klærne mine.")
    press_on(learner, page.get_by_role("button", name="Lagre refleksjonen"))
    assert page.get_by_text("Refleksjonen din er lagret. Bare du kan lese den.").is_visible()
    assert Reflection.objects.get().text == "Jeg var usikker da en kollega kommenterte klærne mine."

    press_on(learner, page.get_by_role("link", name="Neste"))
    assert page.get_by_role("heading", level=1).inner_text() == "Case: Premierefesten"
    press_on(
        learner,
        page.get_by_role("button", name="Jeg går bort og spør Sara om hun vil bli med og hente noe å spise"),
    )
    assert page.get_by_text("Å avbryte situasjonen er en enkel og trygg måte", exact=False).is_visible()
    press_on(
        learner,
        page.get_by_role(
            "button", name="Jeg forteller henne hvem som er verneombud, og tilbyr meg å bli med"
        ),
    )
    assert page.get_by_role("heading", name="Slutt").is_visible()
    assert page.get_by_text("Slutt: Sara får støtte.", exact=False).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The admin sees that the learner has started (but nothing of the answers).
    admin.page.reload()
    admin.check()
    assert counts(admin) == ("1", "1", "0")
    assert admin.page.get_by_role("row", name=f"Lise Lærling {LEARNER} Startet").is_visible()
    assert "kommenterte klærne" not in admin.page.content()

    # The learner leaves, and later opens the link in the e-mail again: it was used, so it offers a log-in
    # code to the same address, and the code leads straight back to the course.
    press_on(learner, page.get_by_role("button", name="Logg ut"))
    learner.page.goto(link)
    learner.check()
    press_on(learner, page.get_by_role("button", name=f"Send en innloggingskode til {LEARNER}"))
    tab_to(page, page.get_by_label("Kode"))
    page.keyboard.type(login_code_for(LEARNER))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    learner.check()
    modules = page.locator(".course-module")
    assert modules.first.get_by_text("Fullført", exact=True).is_visible()
    press_on(learner, page.get_by_role("link", name="Fortsett der du slapp"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ti risikofaktorer"


def test_join_link_on_and_off(make_page, login_as):
    theatre = OrganisationFactory(name="Sandnes kulturhus")
    admin_user = make_org_admin(theatre)
    admin = make_page()
    login_as(admin, admin_user)
    page = admin.goto(f"/virksomhet/{theatre.pk}/kurs/trygt-kulturliv/")
    page.get_by_role("button", name="Slå på lenken").click()
    admin.check()
    join_url = page.get_by_label("Lenken").input_value()

    newcomer = make_page(width=360, height=780)
    newcomer.page.goto(join_url)
    newcomer.check()
    page = newcomer.page
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Bli med på kurset Trygt kulturliv – nettkurs mot seksuell trakassering"
    )
    page.get_by_label("Navnet ditt").fill("Nora Ny")
    page.get_by_label("E-postadressen din").fill("nora@sandnes.example")
    page.get_by_role("button", name="Send meg en kode").click()
    newcomer.check()
    # Nothing exists until the code from the e-mail is typed.
    assert page.get_by_role("heading", level=1).inner_text() == "Skriv inn koden fra e-posten"
    assert not Enrollment.objects.filter(user__email="nora@sandnes.example").exists()
    code = last_code_for("nora@sandnes.example")
    page.get_by_label("Kode").fill(f"{(int(code) + 1) % 1_000_000:06d}")  # a wrong code first
    page.get_by_role("button", name="Bli med på kurset").click()
    newcomer.check()
    assert "Koden stemmer ikke. Du kan prøve 2 ganger til." in page.locator(".ds-error-summary").inner_text()
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Bli med på kurset").click()
    newcomer.check()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Trygt kulturliv – nettkurs mot seksuell trakassering"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A learner, not a member: the organisation's page is closed to them.
    newcomer.goto(f"/virksomhet/{theatre.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke tilgang til denne siden"
    newcomer.goto("/kurs/")  # one course: straight to it
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Trygt kulturliv – nettkurs mot seksuell trakassering"
    )

    admin.page.reload()
    admin.check()
    assert admin.page.get_by_role("row", name="Nora Ny nora@sandnes.example Invitert").is_visible()
    admin.page.get_by_role("button", name="Slå av lenken").click()
    admin.check()
    newcomer.page.goto(join_url)
    newcomer.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Lenken er stengt"
