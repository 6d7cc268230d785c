"""The accessibility fixture itself (tests/e2e/conftest.py): it asks for an axe scan of every state a person
sees — each page load, each change within a page, each state a test declares — and fails on violations,
also for a page loaded without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_page, problems

INSERT_DISCLOSURE_AND_DIALOG = """document.querySelector("main").insertAdjacentHTML("beforeend",
  '<details id="more"><summary>Mer om kortene</summary><p>Tekst</p></details>' +
  '<dialog id="ask"><p>Er du sikker?</p></dialog>')"""
INSERT_IMAGE_WITHOUT_TEXT = """document.querySelector("main").insertAdjacentHTML("beforeend",
  '<img src="/static/core/favicon.svg">')"""


@pytest.fixture
def bare_page(browser, live_server):
    """A wrapped page whose unscanned states the test inspects (make_page would fail the test for them)."""
    contexts = []
    yield lambda **options: open_page(browser, live_server.url, contexts, **options)
    for context in contexts:
        context.close()


def unscanned(wrapper, count: int | None = None) -> list[str]:
    """The unscanned states, addresses without the server's origin; waits until there are `count` of them
    (changes within a page reach the wrapper a moment after they happen)."""
    for _ in range(100):
        states = [str(state).replace(wrapper.base_url, "") for state in wrapper.unscanned()]
        if count is None or len(states) >= count:
            return states
        wrapper.page.wait_for_timeout(20)
    return states


def test_a11y_fixture_asks_for_a_scan_of_every_page_load_even_of_the_same_address(bare_page):
    visitor = bare_page()
    visitor.goto("/sok-rad/")
    assert unscanned(visitor) == []
    visitor.page.reload()  # the same address: still a new state (like a form returned with its errors)
    assert unscanned(visitor) == ["page load #2 /sok-rad/"]
    visitor.check()
    assert unscanned(visitor) == []
    visitor.page.get_by_role("button", name="English").click()
    assert unscanned(visitor, 1) == ["page load #3 /sok-rad/"]
    assert problems(visitor) == [
        f"states a person sees but not scanned with axe: ['page load #3 {visitor.url('/sok-rad/')}']"
    ]


def test_a11y_fixture_asks_for_a_scan_after_each_change_within_the_page(bare_page):
    visitor = bare_page()
    page = visitor.goto("/samtalekort/samtalekort/")
    page.get_by_role("link", name="Neste →").click()
    expect(page.locator("#card-live")).to_contain_text("Kort 2 av 45")
    assert visitor.loads == 1
    assert unscanned(visitor, 1) == ["in-page navigation /samtalekort/samtalekort/?kort=2 after page load #1"]
    page.go_back()  # the cards follow the browser's back button without a page load
    expect(page.locator("#card-live")).to_contain_text("Kort 1 av 45")
    # A scan now covers the page as it is, not the earlier card that was never scanned.
    visitor.check()
    assert unscanned(visitor) == ["in-page navigation /samtalekort/samtalekort/?kort=2 after page load #1"]

    visitor = bare_page()
    page = visitor.goto("/samtalekort/")
    page.evaluate(INSERT_DISCLOSURE_AND_DIALOG)
    page.get_by_text("Mer om kortene").click()
    assert unscanned(visitor, 1) == ["opened details#more after page load #1"]
    visitor.check()
    page.evaluate('document.getElementById("ask").showModal()')
    assert unscanned(visitor, 1) == ["opened dialog#ask after page load #1"]
    visitor.check()
    page.keyboard.press("Escape")
    assert unscanned(visitor, 1) == ["closed dialog#ask after page load #1"]
    visitor.check()
    visitor.state("ten answers arrived")
    assert unscanned(visitor) == ["state «ten answers arrived» after page load #1"]
    visitor.check()
    assert unscanned(visitor) == []


def test_a11y_fixture_fails_on_a_violation_in_the_state_it_scans(bare_page):
    visitor = bare_page()
    page = visitor.goto("/samtalekort/")
    page.evaluate(INSERT_IMAGE_WITHOUT_TEXT)
    with pytest.raises(pytest.fail.Exception, match=r"image-alt"):
        visitor.check("an image without a text alternative")


def test_a11y_fixture_scans_a_page_without_javascript_as_it_was_loaded(bare_page):
    visitor = bare_page(javascript=False)
    page = visitor.goto("/samtalekort/samtalekort/?tema=touring")
    assert unscanned(visitor) == []
    # The scan ran on this document, with its scripts blocked: the full-screen button stays hidden, as
    # cards.js only shows it when JavaScript runs.
    scanner = visitor._scanner()
    assert scanner.url == page.url
    assert scanner.locator("#card-live").inner_text() == page.locator("#card-live").inner_text()
    expect(scanner.locator("[data-fullscreen]")).to_be_hidden()
    page.evaluate(INSERT_IMAGE_WITHOUT_TEXT)  # the browser's own tools still run without JavaScript
    with pytest.raises(pytest.fail.Exception, match=r"image-alt"):
        visitor.check()
    # The CSP and server-error checks hold without JavaScript too.
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">')"""
    )
    page.route("**/feil/", lambda route: route.fulfill(status=503, body="Nede"))
    page.goto(visitor.url("/feil/"))
    unscanned_load, server_errors, csp = problems(visitor)
    assert unscanned_load == f"states a person sees but not scanned with axe: ['page load #2 {page.url}']"
    assert server_errors == f"server errors: ['503 {visitor.url('/feil/')}']"
    assert csp.startswith('Content-Security-Policy violations: ["Applying inline style violates')
