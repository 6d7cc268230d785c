"""Browser tests: Playwright driving Debian's Chromium, every visited page scanned with axe-core."""

import os
import re
from pathlib import Path

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


class A11yPage:
    """Wraps a Playwright page: every page loaded must be scanned by axe before the test ends."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []
        self.scanned: set[str] = set()
        self.console_errors: list[str] = []
        self.server_errors: list[str] = []
        page.on(
            "response",
            lambda r: self.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        page.on("load", lambda p: self.visited.append(p.url))
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        self.page.goto(self.url(path))
        self.check()
        return self.page

    def check(self, context=None):
        """Scan the current page with axe-core; fail with a readable report on any violation."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(self.page, context=context)
        if results.violations_count:
            name = re.sub(r"[^a-z0-9]+", "-", self.page.url.lower())[-80:]
            ARTIFACTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / f"axe-{name}.png"), full_page=True)
            pytest.fail(f"axe found violations on {self.page.url}:\n{results.generate_report()}")
        self.scanned.add(self.page.url)
        return results

    def unscanned(self) -> list[str]:
        return [u for u in self.visited if u not in self.scanned and u != "about:blank"]


@pytest.fixture
def make_page(browser, live_server):
    contexts = []
    wrappers = []

    def _make(*, width: int = 1280, height: int = 900, locale: str = "nb-NO") -> A11yPage:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        wrapper = A11yPage(context.new_page(), live_server.url)
        wrappers.append(wrapper)
        return wrapper

    yield _make
    try:
        for wrapper in wrappers:
            missing = wrapper.unscanned()
            assert not missing, f"pages visited but not scanned with axe: {missing}"
            assert not wrapper.server_errors, f"server errors: {wrapper.server_errors}"
            csp = [e for e in wrapper.console_errors if "Content Security Policy" in e]
            assert not csp, f"Content-Security-Policy violations: {csp}"
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
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

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
