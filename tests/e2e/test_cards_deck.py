"""Journey: a facilitator uses the default deck of conversation cards in a workshop; the operator edits a card."""

import re

from playwright.sync_api import expect

from balanse.cards.models import Deck


def test_facilitator_uses_the_default_deck_and_operator_edits_a_card(make_page, login_as, operator):
    facilitator = make_page(width=1280, height=800)
    page = facilitator.goto("/")
    page.get_by_role("link", name="Samtalekort", exact=True).click()
    facilitator.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Samtalekort"

    page.get_by_role("link", name="Åpne kortstokken Samtalekort om arbeidsmiljø").click()
    facilitator.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Samtalekort om arbeidsmiljø"
    live = page.locator("#card-live")
    assert live.get_attribute("aria-live") == "polite"
    expect(live).to_contain_text("Kort 1 av 45")

    # Filter by a topic (a plain form: works without JavaScript).
    page.get_by_label("Tema").select_option(label="Alkohol")
    page.get_by_role("button", name="Vis").click()
    facilitator.check()
    expect(live).to_contain_text(
        "Hvilken rolle spiller alkohol på premierer, fester og etter konserter hos oss?"
    )
    expect(live).to_contain_text("Kort 1 av 5")
    expect(page).to_have_title(re.compile(r"^Kort 1 av 5 – Samtalekort om arbeidsmiljø"))

    # Next and previous: the card changes in the live region, and the address follows.
    page.get_by_role("link", name="Neste →").click()
    expect(live).to_contain_text("Kort 2 av 5")
    expect(live).to_contain_text("Det skal være like naturlig å takke nei til en drink som å takke ja.")
    expect(page).to_have_url(re.compile(r"tema=alcohol&kort=2$"))
    assert page.evaluate("document.activeElement.id") == "card-next"
    facilitator.check()
    page.get_by_role("link", name="← Forrige").click()
    expect(live).to_contain_text("Kort 1 av 5")
    expect(page.get_by_role("button", name="← Forrige")).to_be_disabled()
    facilitator.check()

    # Arrow keys move too.
    page.keyboard.press("ArrowRight")
    expect(live).to_contain_text("Kort 2 av 5")
    facilitator.check()
    page.keyboard.press("ArrowLeft")
    expect(live).to_contain_text("Kort 1 av 5")
    facilitator.check()

    # Draw a card: another card on the same topic.
    page.get_by_role("link", name="Trekk et kort").click()
    expect(live).not_to_contain_text("Kort 1 av 5")
    expect(live).to_contain_text("Alkohol")
    facilitator.check()

    # Shuffle: a seeded order in the address, so a reload shows the same card.
    page.get_by_role("link", name="Stokk").click()
    expect(live).to_contain_text("Kort 1 av 5 · stokket")
    expect(page).to_have_url(re.compile(r"tema=alcohol&stokk=\d+&kort=1$"))
    facilitator.check()
    shown = live.locator(".big-card__text").inner_text()
    page.reload()
    facilitator.check()
    assert page.locator("#card-live .big-card__text").inner_text() == shown

    # The operator changes a card; the facilitator sees the new text.
    staff = make_page(width=1280, height=900)
    login_as(staff, operator)
    page2 = staff.goto("/oversikt/")
    page2.get_by_role("link", name="Rediger kortstokker og kort").click()
    staff.check()
    page2.get_by_role("link", name="Samtalekort om arbeidsmiljø").click()
    staff.check()
    page2.get_by_role("link", name="Rediger kort 22", exact=True).click()
    staff.check()
    text = page2.get_by_label("Spørsmål eller påstand")
    assert text.input_value() == "Det skal være like naturlig å takke nei til en drink som å takke ja."
    text.fill("")
    page2.get_by_role("button", name="Lagre kortet").click()
    staff.check()
    expect(page2.get_by_role("alert")).to_contain_text("Skriv spørsmålet eller påstanden på kortet.")
    text.fill("Det skal være like lett å takke nei til en drink som å takke ja – også på premierefest.")
    page2.get_by_role("button", name="Lagre kortet").click()
    staff.check()
    expect(page2.get_by_role("status")).to_contain_text("Kortet er lagret.")

    deck = Deck.objects.get(content_key="standard")
    facilitator.goto(f"/samtalekort/{deck.slug}/?tema=alcohol&kort=2")
    expect(live).to_contain_text("også på premierefest")
    expect(live).to_contain_text("Kort 2 av 5")


def test_deck_view_works_on_a_phone(make_page):
    visitor = make_page(width=360, height=780)
    page = visitor.goto("/samtalekort/samtalekort/?tema=speaking_up")
    expect(page.locator("#card-live")).to_contain_text("Kort 1 av 5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Neste →").click()
    expect(page.locator("#card-live")).to_contain_text("Kort 2 av 5")
    visitor.check()


def test_operator_builds_a_deck_from_scratch(make_page, login_as, operator):
    staff = make_page(width=1024, height=900)
    login_as(staff, operator)
    page = staff.goto("/drift/samtalekort/")
    page.get_by_role("link", name="Ny kortstokk").click()
    staff.check()
    page.get_by_role("button", name="Opprett kortstokken").click()
    staff.check()
    expect(page.get_by_role("alert")).to_contain_text("Gi kortstokken en tittel.")
    page.get_by_label("Tittel").fill("Verksted for frivillige")
    page.get_by_role("button", name="Opprett kortstokken").click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text("Kortstokken «Verksted for frivillige» er opprettet.")

    page.get_by_role("button", name="Publiser").click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text(
        "Legg til minst ett kort før du publiserer kortstokken."
    )

    for text, topic in [
        ("Hva betyr et godt arbeidsmiljø for deg?", "Normer"),
        ("Hvem sier du fra til?", "Si fra"),
    ]:
        page.get_by_role("link", name="Legg til et kort").click()
        staff.check()
        page.get_by_label("Spørsmål eller påstand").fill(text)
        page.get_by_label("Tema").select_option(label=topic)
        page.get_by_role("button", name="Lagre kortet").click()
        staff.check()
    rows = page.locator(".card-table tbody th")
    expect(rows).to_have_text(["Hva betyr et godt arbeidsmiljø for deg?", "Hvem sier du fra til?"])
    page.get_by_role("button", name="Opp kort 2").click()
    staff.check()
    expect(rows).to_have_text(["Hvem sier du fra til?", "Hva betyr et godt arbeidsmiljø for deg?"])

    page.get_by_role("button", name="Publiser").click()
    staff.check()
    expect(page.get_by_text("Publisert", exact=True)).to_be_visible()

    page.get_by_role("link", name="Slett kort 2").click()
    staff.check()
    page.get_by_role("button", name="Slett kortet").click()
    staff.check()
    expect(rows).to_have_text(["Hvem sier du fra til?"])

    page.get_by_role("link", name="Åpne kortstokken").click()
    staff.check()
    expect(page.locator("#card-live")).to_contain_text("Hvem sier du fra til?")
    page.get_by_role("button", name="English").click()
    staff.check()
    expect(page.locator("#card-live")).to_contain_text("Speaking up · Question")
    expect(page.locator("#card-live")).to_contain_text("Card 1 of 1")
    page.get_by_role("link", name="Edit the deck").click()
    staff.check()
    page.get_by_role("link", name="Delete the deck").click()
    staff.check()
    page.get_by_role("button", name="Delete the deck").click()
    staff.check()
    expect(page.get_by_role("status")).to_contain_text("The deck “Verksted for frivillige” was deleted.")


def test_deck_works_without_javascript(make_page):
    """The deck with JavaScript off: every control is a plain link or form. Each page is scanned as loaded
    without JavaScript (in a second context, since axe itself needs JavaScript)."""
    visitor = make_page(width=1024, height=800, javascript=False)
    page = visitor.goto("/samtalekort/samtalekort/")
    page.get_by_label("Tema").select_option(label="Turné")
    page.get_by_role("button", name="Vis").click()
    visitor.check()
    live = page.locator("#card-live")
    expect(live).to_contain_text("Kort 1 av 5")
    page.get_by_role("link", name="Neste →").click()
    visitor.check()
    expect(live).to_contain_text("Kort 2 av 5")
    expect(page).to_have_url(re.compile(r"tema=touring&kort=2$"))
    expect(page.get_by_role("button", name="Fullskjerm")).to_be_hidden()
    page.get_by_role("link", name="Stokk").click()
    visitor.check()
    expect(page).to_have_url(re.compile(r"tema=touring&stokk=\d+&kort=1$"))
    page.get_by_role("link", name="Vanlig rekkefølge").click()
    visitor.check()
    expect(live).to_contain_text("Kort 1 av 5 · Turné")
    assert visitor.loads == 5  # each step was a page load: no script moved the cards
