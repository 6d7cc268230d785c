"""The log-in pages and e-mail in Balanse's own words: the site's name (not the server's address) in the
greeting, the code field that opens a phone's number pad, Norwegian that reads naturally, and "Avbryt" never a
primary button."""

import re

import pytest
from django.core import mail

from tests.factories import OrganisationFactory, make_org_admin

pytestmark = pytest.mark.django_db


def _request_code(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/konto/login/code/", {"email": email}, follow=True)


def test_login_code_email_greets_from_the_site_name(client, django_capture_on_commit_callbacks):
    admin = make_org_admin(OrganisationFactory(), user__email="kari@example.no")
    _request_code(client, admin.email, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.subject == "[Balanse] Innloggingskoden din"
    assert message.body.startswith("Hei fra Balansemerket!")
    assert "testserver" not in message.body and "127.0.0.1" not in message.body
    assert re.search(r"^\d{6}$", message.body, re.MULTILINE)
    assert "Koden virker i ti minutter." in message.body
    assert "Vennlig hilsen Balansemerket" in message.body


def test_code_page_field_and_buttons(client, django_capture_on_commit_callbacks):
    admin = make_org_admin(OrganisationFactory(), user__email="kari@example.no")
    html = _request_code(client, admin.email, django_capture_on_commit_callbacks).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field
    assert "Skriv inn koden fra e-posten" in html
    assert "vennligst" not in html.lower()
    cancel = re.search(r"<(?:button|a)[^>]*>\s*Avbryt\s*</(?:button|a)>", html).group(0)
    assert 'data-variant="primary"' not in cancel
    primary = re.findall(r'<button[^>]*data-variant="primary"[^>]*>([^<]*)</button>', html)
    assert [label.strip() for label in primary] == ["Logg inn"]


def test_allauth_pages_use_our_wording(client):
    html = client.post("/konto/login/code/", {"email": "ikke-en-epost"}).content.decode()
    assert "Du får en engangskode på e-post, så du slipper passord." in html
    assert "spesiell kode" not in html
