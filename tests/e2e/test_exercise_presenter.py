"""The presenter view on a projector and the control view on the facilitator's phone, with a real ASGI server
(uvicorn in a subprocess) so that the push stream stays open as in production: a click in the control view
changes the presenter view within a second, a key on the presenter view changes the control view, and the
presenter view is legible at 1920×1080 (scenario text ≥ 48 px, QR code ≥ 360 px, results without scrolling).
Ending the session asks first and says what it means."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, open_page, problems
from tests.exercise.server_process import csrf, prepare, start

ANSWERS = [(2, 1, 7), (2, 1, 8), (3, 1, 9), (8, 2, 10), (9, 2, 10)]


@pytest.fixture
def asgi_server(tmp_path):
    env, info = prepare(tmp_path)
    process, base = start(env)
    yield base, info
    process.terminate()
    process.wait(10)


@pytest.fixture
def pages(browser, asgi_server):
    base, info = asgi_server
    contexts, wrappers = [], []

    def _open(**options):
        wrapper = open_page(browser, base, contexts, **options)
        wrapper.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": info["sessionid"], "url": base}]
        )
        wrappers.append(wrapper)
        return wrapper

    yield _open, base, info, contexts
    try:
        found = [problem for wrapper in wrappers for problem in problems(wrapper)]
        assert not found, "\n".join(found)
    finally:
        for context in contexts:
            context.close()


def _goto_streaming(wrapper, path):
    """Open the page and wait until its push stream is open (so it hears the next change): the page marks it
    (screen.js, data-live="open"). The wait is long because a busy machine (the whole suite on two cores) can take
    seconds to load the page and scan it; how fast a change travels is measured once the stream is open."""
    wrapper.goto(path)
    expect(wrapper.page.locator("[sse-connect][data-live=open]")).to_have_count(1, timeout=30_000)
    return wrapper.page


def _join(browser, base, contexts, code):
    """One phone joins, through HTTP only (no page to scan); its request context."""
    context = browser.new_context()
    contexts.append(context)
    http = context.request
    token = csrf(http.get(f"{base}/ovelse/{code}/").text())
    http.post(f"{base}/ovelse/{code}/", form={"csrfmiddlewaretoken": token})
    return http


def _answer(browser, base, contexts, code, values):
    """One phone joins and answers the open scenario, through HTTP only (no page to scan)."""
    http = _join(browser, base, contexts, code)
    html = http.get(f"{base}/ovelse/{code}/").text()
    scenario = re.search(r'name="scenario" value="(\d+)"', html).group(1)
    form = {"csrfmiddlewaretoken": csrf(html), "scenario": scenario}
    form.update({f"relation-{i}": str(v) for i, v in enumerate(values)})
    response = http.post(f"{base}/ovelse/{code}/stem/", form=form, headers={"Accept": "application/json"})
    assert response.status == 200, response.text()


def _measure(page) -> dict:
    return page.evaluate(
        """() => {
          const box = (el) => el.getBoundingClientRect();
          const results = [...document.querySelectorAll('.result')].map(box);
          return {
            scenarioPx: parseFloat(getComputedStyle(document.querySelector('.presenter__scenario')).fontSize),
            qr: box(document.querySelector('.presenter__qr')),
            scrollHeight: document.documentElement.scrollHeight,
            scrollWidth: document.documentElement.scrollWidth,
            resultsBottom: Math.max(0, ...results.map(r => r.bottom)),
            narrowestResult: Math.min(10000, ...results.map(r => r.width)),
            wrappedFacts: [...document.querySelectorAll('.result__facts > span, .result__most')]
              .filter(el => box(el).height > 2.6 * parseFloat(getComputedStyle(el).fontSize)).length,
          };
        }"""
    )


WATCH = """([selector, text]) => {
  // Note when the element first shows the text (the browser's clock, at the DOM change itself).
  window.__seenAt = null;
  const check = () => {
    if (window.__seenAt === null && (document.querySelector(selector)?.textContent || "").includes(text)) {
      window.__seenAt = Date.now();
    }
  };
  new MutationObserver(check).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
  check();
}"""
MARK_ACTION = """() => {
  // Note when the person acts: the click or the key itself (kept in sessionStorage: a click may load a page).
  for (const type of ["click", "keydown"]) {
    document.addEventListener(type, () => sessionStorage.setItem("actedAt", String(Date.now())), {capture: true, once: true});
  }
}"""


def _watch(acting, watched, selector: str, text: str) -> None:
    """Before the action: `acting` notes when the person clicks or presses a key, `watched` when it changes."""
    watched.evaluate(WATCH, [selector, text])
    acting.evaluate(MARK_ACTION)


def _changed_within_a_second(acting, watched) -> float:
    """The time from the click or key in one view to the change in the other, both read from the browser's own
    clock (not from Playwright's retries, which check after 100, 250, 500 and 1000 ms, nor its waits for a
    button to be ready)."""
    watched.wait_for_function("() => window.__seenAt !== null", timeout=5000)
    acted = int(acting.evaluate("sessionStorage.getItem('actedAt')"))
    elapsed = (watched.evaluate("window.__seenAt") - acted) / 1000
    assert 0 <= elapsed < 1.0, f"took {elapsed:.2f} s"
    return elapsed


def test_control_and_presenter_follow_each_other(browser, pages):
    open_, base, info, contexts = pages
    pk, code = info["pk"], info["code"]
    presenter = open_(width=1920, height=1080)
    control = open_(width=390, height=844)
    p = _goto_streaming(presenter, f"/fasilitator/ovelse/{pk}/storskjerm/")
    expect(p.get_by_role("heading", level=1)).to_have_text("Forteller deg at antrekket ditt er sexy")
    size = _measure(p)
    assert size["scenarioPx"] >= 48, size
    assert size["qr"]["width"] >= 360 and size["qr"]["height"] >= 360, size
    assert size["scrollHeight"] <= 1080 and size["scrollWidth"] <= 1920, size
    assert p.locator(".site-nav, .site-footer, form").count() == 0  # nothing but code, QR and scenario
    c = _goto_streaming(control, f"/fasilitator/ovelse/{pk}/")

    # A click in the control view changes the presenter view within a second.
    _watch(c, p, "[data-testid=presenter-phase]", "Åpen for svar")
    c.get_by_role("button", name="Åpne for svar").click()
    _changed_within_a_second(c, p)
    expect(p.get_by_test_id("presenter-phase")).to_contain_text("Åpen for svar")
    presenter.check("opened from the control view")
    control.check()

    for values in ANSWERS:
        _answer(browser, base, contexts, code, values)
    expect(p.get_by_test_id("answers-so-far")).to_have_text("5 personer har svart.")
    presenter.check("five answers")

    # A key on the presenter view (a clicker's Page Down) changes the control view within a second.
    _goto_streaming(control, f"/fasilitator/ovelse/{pk}/")
    _watch(p, c, "[data-testid=control-phase]", "Stengt for svar")
    p.keyboard.press("PageDown")
    _changed_within_a_second(p, c)
    expect(c.get_by_test_id("control-phase")).to_contain_text("Stengt for svar")
    expect(c.get_by_role("button", name="Vis resultatene")).to_be_visible()
    control.check("closed from the presenter view")
    expect(p.get_by_test_id("presenter-phase")).to_contain_text("Stengt for svar")
    presenter.check("closed")

    p.keyboard.press("v")
    expect(p.locator(".result__most")).to_have_text(
        ["De fleste svarte mellom 2 og 3", "De fleste svarte 1", "De fleste svarte mellom 9 og 10"]
    )
    presenter.check("results shown")
    expect(c.get_by_test_id("control-phase")).to_contain_text("Resultater vist")
    control.check("results shown")
    size = _measure(p)
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / "presenter-1920x1080-results.png"))
    assert size["scenarioPx"] >= 48, size
    assert size["qr"]["width"] >= 360, size
    assert size["resultsBottom"] <= 1080 and size["scrollHeight"] <= 1080, size  # no scrolling
    assert size["wrappedFacts"] == 0, size

    # The cards hold at 1280 too: no narrow column, no phrase broken over many lines.
    p.set_viewport_size({"width": 1280, "height": 800})
    size = _measure(p)
    p.screenshot(path=str(ARTIFACTS / "presenter-1280x800-results.png"))
    assert size["narrowestResult"] >= 220 and size["wrappedFacts"] == 0, size
    assert size["scrollWidth"] <= 1280, size
    p.set_viewport_size({"width": 1920, "height": 1080})

    # A results table opened on the big screen stays open when the view is refreshed (a phone joins late).
    numbers = p.locator("figure.result").first.locator("details")
    numbers.get_by_text("Tall", exact=True).click()
    expect(numbers).to_have_attribute("open", "")
    presenter.check()
    refreshes = []
    p.on("response", lambda response: "/storskjerm/na/" in response.url and refreshes.append(response))
    _join(browser, base, contexts, code)
    expect(p.get_by_test_id("participants")).to_have_text("6 deltakere er med.")
    for _ in range(100):  # the join's refresh, and the one screen.js sends 600 ms after the last event
        if len(refreshes) >= 2:
            break
        p.wait_for_timeout(100)
    assert len(refreshes) == 2, refreshes
    expect(numbers).to_have_attribute("open", "")
    expect(numbers.locator("tbody tr").first).to_be_visible()
    presenter.check("a results table open after a refresh")
    numbers.get_by_text("Tall", exact=True).click()  # closed again: later refreshes leave it closed
    expect(numbers).not_to_have_attribute("open", "")
    presenter.check()

    # The next scenario from the control view; a message when a key cannot apply.
    _watch(c, p, "h1", "Spør om du har gått ned i vekt")
    c.get_by_role("button", name="Neste scenario").click()
    _changed_within_a_second(c, p)
    expect(p.get_by_role("heading", level=1)).to_have_text("Spør om du har gått ned i vekt")
    presenter.check("next scenario")
    control.check()
    p.keyboard.press("v")
    expect(p.get_by_role("status")).to_have_text(
        "Scenarioet kan ikke gå fra «Ikke startet» til «Resultater vist»."
    )
    presenter.check("a key that cannot apply")


def test_ending_asks_first_and_says_what_it_means(pages):
    open_, _base, info, _contexts = pages
    pk = info["pk"]
    presenter = open_(width=1920, height=1080)
    control = open_(width=360, height=740)
    p = _goto_streaming(presenter, f"/fasilitator/ovelse/{pk}/storskjerm/")
    c = control.goto(f"/fasilitator/ovelse/{pk}/")
    c.get_by_role("link", name="Avslutt økta …").click()
    control.check()
    expect(c.get_by_role("heading", level=1)).to_have_text("Avslutte økta?")
    expect(c.get_by_text("Ingen kan svare mer, og koden slutter å virke.")).to_be_visible()
    expect(c.get_by_text("Ingen har blitt med ennå, så det er ingen svar å koble fra.")).to_be_visible()
    assert c.evaluate("document.documentElement.scrollWidth") <= 360
    cancel = c.get_by_role("link", name="Avbryt, la økta fortsette")
    assert cancel.get_attribute("data-variant") == "secondary"
    cancel.click()
    control.check()
    expect(c.get_by_role("button", name="Åpne for svar")).to_be_visible()  # still running
    c.get_by_role("link", name="Avslutt økta …").click()
    control.check()
    c.get_by_role("button", name="Avslutt økta").click()
    control.check()
    expect(c.get_by_role("heading", level=1)).to_have_text("Oppsummering: OK eller ikke OK?")
    expect(c.get_by_text("Økta er avsluttet. Svarene kan ikke lenger knyttes til noen.")).to_be_visible()
    expect(p.get_by_role("heading", level=1)).to_have_text("Økta er avsluttet. Takk for at du var med!")
    presenter.check("ended")
