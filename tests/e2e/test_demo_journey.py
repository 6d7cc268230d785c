"""Journey 1: a newcomer loads the demo and tries every role from what `make demo` prints."""

import io
import re

from django.core.management import call_command

from tests.e2e.conftest import totp_now


def test_newcomer_tries_every_role_from_the_printed_demo_logins(make_page, settings):
    settings.MAILERS = {"default": {"BACKEND": "balanse.core.mail.OutboxBackend"}}
    settings.DEV_OUTBOX_ENABLED = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    email, password = re.search(r"Operator \(Balansekunst staff\): (\S+) / password (\S+)", printed).groups()
    secret = re.search(r"add the key (\S+) to an authenticator app", printed).group(1)
    admin_email = re.search(r"Organisation admin \(Black Box teater\): (\S+)", printed).group(1)

    operator = make_page()
    page = operator.goto("/konto/login/")
    page.get_by_role("textbox", name="E-post", exact=True).fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn med passord").click()
    operator.check()
    page.get_by_label("Kode").fill(totp_now(secret))
    page.get_by_role("button", name="Logg inn").click()
    operator.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Driftsoversikt"
    assert page.locator(".stat strong").first.inner_text() == "105"
    page.get_by_role("link", name="Virksomheter", exact=True).click()
    operator.check()
    page.get_by_label("Kunstfelt").select_option(label="Arkitektur")
    page.get_by_role("button", name="Søk", exact=True).click()
    operator.check()
    assert page.locator("tbody th a").all_inner_texts() == [
        "Oslo Arkitektforening",
        "ROM for kunst og arkitektur",
    ]

    admin = make_page(width=360, height=780)
    page = admin.goto("/konto/login/")
    page.get_by_label("E-postadresse").fill(admin_email)
    page.get_by_role("button", name="Send meg en innloggingskode").click()
    admin.check()
    outbox = make_page()
    outbox.goto("/dev/outbox/")
    code = re.search(r"^\s*(\d{6})\s*$", outbox.page.locator("article pre").first.inner_text(), re.M).group(1)
    page.get_by_label("Kode").fill(code)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    admin.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Black Box teater"
