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


def test_password_reset_page_in_our_words_sends_the_link_to_staff_only(
    client, django_capture_on_commit_callbacks
):
    """The staff's password reset (the page in plain markup, not allauth's element tags): Norwegian heading,
    the e-mail field with its label, one primary button; a staff address gets a reset link, an unknown one
    the same answer on the page and an e-mail without a link (allauth's, so nobody learns who has an account)."""
    from tests.factories import OperatorFactory

    html = client.get("/konto/password/reset/").content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Tilbakestilling av passord</h1>' in html
    assert '<label class="ds-label" for="id_email">E-post' in html
    assert re.search(r'<input type="email" name="email"[^>]*required id="id_email">', html)
    assert html.count('data-variant="primary"') == 1 and "Tilbakestill passord</button>" in html
    staff = OperatorFactory(email="drift@balansekunst.no")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "ukjent@example.no"})
    assert response.status_code == 302
    assert "/konto/password/reset/key/" not in mail.outbox[-1].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": staff.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[staff.email]]
    assert "/konto/password/reset/key/" in mail.outbox[0].body
    empty = client.post("/konto/password/reset/", {"email": ""}).content.decode()  # stays, with the message
    assert 'aria-invalid="true"' in empty or "må fylles ut" in empty
