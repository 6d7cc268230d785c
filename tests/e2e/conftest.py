"""Browser tests: Playwright driving Debian's Chromium, every state a person sees scanned with axe-core.

A page wrapper (`make_page()`) keeps a history of the states its page goes through, and each must be scanned
with `check()` before the page moves on to the next one and before the test ends:

- every page load (a second load of the same address, such as a form returned with errors, is a new state);
- every change without a page load that the wrapper sees by itself: an in-page navigation (the History API,
  as the conversation cards use) and a `<details>` or `<dialog>` opening or closing;
- every state the test declares with `check("name")` or `state("name")`, for changes the wrapper cannot see by
  itself, such as a live update pushed by the server.

A page loaded without JavaScript (`make_page(javascript=False)`) cannot run axe; `check()` then scans the same
document (its HTML as this browser has it, with the page's own scripts blocked) in a second context that has
JavaScript. Either way the test fails on Content-Security-Policy errors and on server errors (5xx).
"""

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Tells the wrapper about changes without a page load that it can see by itself: a script added to every
# document (it wraps the History API's pushState and replaceState and watches the `open` attribute) calls a
# binding into Python. The page's Content-Security-Policy blocks neither.
REPORT_BINDING = "__balanseA11yState"  # the name the script below calls
WATCH_IN_PAGE_CHANGES = """(() => {
  if (window.top !== window) return;
  const report = (kind, detail) => {
    try { window.__balanseA11yState(kind, detail); } catch (error) { /* the binding is not there yet */ }
  };
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function () {
      const result = original.apply(this, arguments);
      report("in-page navigation", location.href);
      return result;
    };
  }
  addEventListener("popstate", () => report("in-page navigation", location.href));
  new MutationObserver((records) => {
    for (const record of records) {
      const element = record.target;
      const name = element.localName + (element.id ? "#" + element.id : "");
      report(element.hasAttribute("open") ? "opened" : "closed", name);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["open"] });
})();"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class State:
    """One state of a page that a person sees: a page load, or a change within the page after it."""

    kind: str  # "page load", "in-page navigation", "opened", "closed", "declared"
    detail: str  # the address, the element or the name the test gave
    load: int  # the page load it belongs to (1 for the first)
    scanned: bool = False

    def __str__(self) -> str:
        if self.kind == "page load":
            return f"page load #{self.load} {self.detail}"
        if self.kind == "declared":
            return f"state «{self.detail}» after page load #{self.load}"
        return f"{self.kind} {self.detail} after page load #{self.load}"


class A11yPage:
    """Wraps a Playwright page: every state of it (see the module's docstring) must be scanned by axe."""

    def __init__(self, page, base_url: str, *, scanner=None):
        self.page = page
        self.base_url = base_url
        self.javascript = scanner is None
        self._scanner = scanner  # for a page without JavaScript: returns a page with JavaScript to scan in
        self.states: list[State] = []
        self.loads = 0
        self.console_errors: list[str] = []
        self.server_errors: list[str] = []
        page.on(
            "response",
            lambda r: self.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        page.on("load", self._loaded)
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )

    def _loaded(self, page) -> None:
        if page.url == "about:blank":
            return
        self.loads += 1
        self.states.append(State("page load", page.url, self.loads))

    def _changed(self, kind: str, detail: str) -> None:
        if self.loads:
            self.states.append(State(kind, detail, self.loads))

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        self.page.goto(self.url(path))
        self.check()
        return self.page

    def state(self, name: str) -> None:
        """Declare that the page has changed without a page load (for instance, a live update pushed by the
        server has arrived): the new state must be scanned with check() like a page load."""
        assert self.loads, f"state «{name}» declared before any page was loaded"
        self._changed("declared", name)

    def check(self, state: str | None = None):
        """Scan the page as it is now with axe-core; fail with a readable report on any violation.

        `state` names the state the page is in, for a change the wrapper cannot see by itself (the same as
        state(name) followed by check()). The scan counts for the latest state; if the page moves on while
        it is being scanned, it is scanned again."""
        from playwright.sync_api import Error as PlaywrightError

        if state is not None:
            self.state(state)
        for _ in range(5):
            self.page.wait_for_load_state("load")
            current = self.states[-1] if self.states else None
            try:
                results = self._scan()
            except PlaywrightError as error:
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise
                continue  # a page load interrupted the scan: scan the new page
            if results.violations_count:
                name = re.sub(r"[^a-z0-9]+", "-", self.page.url.lower())[-80:]
                ARTIFACTS.mkdir(exist_ok=True)
                self.page.screenshot(path=str(ARTIFACTS / f"axe-{name}.png"), full_page=True)
                where = f" ({current})" if current else ""
                pytest.fail(f"axe found violations on {self.page.url}{where}:\n{results.generate_report()}")
            if current is None or (self.states and self.states[-1] is current):
                if current is not None:
                    current.scanned = True
                return results
        pytest.fail(f"{self.page.url} kept changing while it was being scanned with axe")

    def _scan(self):
        from axe_playwright_python.sync_playwright import Axe

        if self.javascript:
            return Axe().run(self.page)
        # axe needs JavaScript: scan this very document in a page that has it, with the page's own scripts
        # blocked so that it stays as a visitor without JavaScript sees it.
        html, address = self.page.content(), urldefrag(self.page.url).url
        scanner = self._scanner()

        def serve(route):
            request = route.request
            if request.resource_type == "script":
                route.abort()
            elif request.is_navigation_request() and urldefrag(request.url).url == address:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.continue_()

        scanner.route("**/*", serve)
        try:
            scanner.goto(address, wait_until="load")
            return Axe().run(scanner)
        finally:
            scanner.unroute("**/*", serve)

    def unscanned(self) -> list[State]:
        return [state for state in self.states if not state.scanned]


def open_page(
    browser,
    base_url: str,
    contexts: list,
    *,
    width: int = 1280,
    height: int = 900,
    locale: str = "nb-NO",
    javascript: bool = True,
) -> A11yPage:
    """A new browser context with one wrapped page; the contexts made are added to `contexts` (close them)."""

    def _context(javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        # Loading a page may wait for the server while the machine is busy (CI runs two workers on two cores);
        # the assertions keep their own, shorter timeouts.
        context.set_default_navigation_timeout(30_000)
        contexts.append(context)
        return context

    scanner = None
    if not javascript:
        pages = []

        def scanner():  # one page with JavaScript, made when it is first needed
            if not pages:
                pages.append(_context().new_page())
            return pages[0]

    context = _context(javascript)
    wrapper = A11yPage(context.new_page(), base_url, scanner=scanner)
    context.expose_binding(REPORT_BINDING, lambda source, kind, detail: wrapper._changed(kind, detail))
    context.add_init_script(WATCH_IN_PAGE_CHANGES)
    return wrapper


def problems(wrapper: A11yPage) -> list[str]:
    """What makes a test that used this page fail: unscanned states, server errors, CSP violations."""
    found = []
    if missing := [str(state) for state in wrapper.unscanned()]:
        found.append(f"states a person sees but not scanned with axe: {missing}")
    if wrapper.server_errors:
        found.append(f"server errors: {wrapper.server_errors}")
    if csp := [e for e in wrapper.console_errors if "Content Security Policy" in e]:
        found.append(f"Content-Security-Policy violations: {csp}")
    return found


@pytest.fixture
def make_page(browser, live_server):
    contexts = []
    wrappers = []

    def _make(**options) -> A11yPage:
        """make_page(width=1280, height=900, locale="nb-NO", javascript=True)"""
        wrapper = open_page(browser, live_server.url, contexts, **options)
        wrappers.append(wrapper)
        return wrapper

    yield _make
    try:
        found = [problem for wrapper in wrappers for problem in problems(wrapper)]
        assert not found, "\n".join(found)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(make_page):
    return make_page()


def outbox_messages():
    from django.core import mail

    return mail.outbox


def last_code_for(email: str) -> str:
    """The log-in code in the latest e-mail to `email`."""
    for message in reversed(outbox_messages()):
        if email in message.to:
            match = re.search(r"^\s*(\d{6})\s*$", message.body, re.MULTILINE)
            if match:
                return match.group(1)
    raise AssertionError(f"no log-in code was e-mailed to {email}")


def link_in_last_email(email: str) -> str:
    for message in reversed(outbox_messages()):
        if email in message.to:
            match = re.search(r"https?://\S+", message.body)
            if match:
                return match.group(0)
    raise AssertionError(f"no link was e-mailed to {email}")


def totp_now(secret: str) -> str:
    """The authenticator app's code now. The server accepts only the current period's code (allauth's
    MFA_TOTP_TOLERANCE is 0), so near a period's end this waits for the next period: a code typed a second
    before the period turns would be refused by the time the browser sends it."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def login_as(live_server):
    """Log a person into a browser page without going through the log-in pages (for journeys that
    are not about logging in). Staff get a second factor first, as the platform demands."""

    def _login(wrapper: A11yPage, user) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.conf import settings
        from django.test import Client

        if user.is_staff and not Authenticator.objects.filter(user=user).exists():
            TOTP.activate(user, generate_totp_secret())
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        wrapper.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return _login
