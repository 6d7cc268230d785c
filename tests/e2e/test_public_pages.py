"""Journey 2: the public reads the front page in Norwegian, switches to English, and finds where to seek advice."""


def test_public_front_page_language_switch_and_seek_advice(make_page):
    visitor = make_page(width=360, height=780)
    page = visitor.goto("/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Balansemerket")
    steps = page.locator("ol.steps > li h3").all_inner_texts()
    assert steps == ["Kurs", "Tiltak", "Merke"]

    page.get_by_role("button", name="English").click()
    visitor.check()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("ol.steps > li h3").all_inner_texts() == ["Course", "Measures", "Mark"]

    page.get_by_role("link", name="See where to seek advice", exact=True).click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Seek advice"
    cards = page.locator(".contact h2").all_inner_texts()
    assert cards == [
        "Balansekunst's advisory line",
        "The Equality and Anti-Discrimination Ombud",
        "The Norwegian Labour Inspection Authority",
    ]
    assert page.get_by_role("link", name="940 87 929").get_attribute("href") == "tel:+4794087929"
    assert page.get_by_text("Tuesdays and Thursdays, 12:00–15:00").is_visible()

    page.get_by_role("button", name="Norsk").click()
    visitor.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Søk råd"
    assert page.get_by_role("link", name="post@ldo.no").get_attribute("href") == "mailto:post@ldo.no"
    # Nothing on the page is wider than a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
