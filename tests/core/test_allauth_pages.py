"""allauth's pages we write in plain markup (issue 19) hold the markup allauth's own templates make through our
element templates (templates/allauth/elements), for every state they show: rendered both ways from the same
context and compared with the whitespace between tags set aside."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.template import engines

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="token"', main)
    main = re.sub(r"\s+", " ", main)
    return re.sub(r"\s*(<|>)\s*", r"\1", main)


def _allauths_own(name: str, response) -> str:
    backend = engines["django"]
    ours = backend.engine.get_template(name)
    template, _origin = backend.engine.find_template(name, skip=[ours.origin])
    assert "site-packages/allauth" in template.origin.name  # allauth's own, not ours
    from django.template.backends.django import Template

    return Template(template, backend).render(response.context_data, response.wsgi_request)


def _states():
    plain = UserFactory()
    with_app = UserFactory()
    TOTP.activate(with_app, generate_totp_secret())
    with_codes = UserFactory()
    TOTP.activate(with_codes, generate_totp_secret())
    RecoveryCodes.activate(with_codes)
    with_key = UserFactory()
    Authenticator.objects.create(user=with_key, type=Authenticator.Type.WEBAUTHN, data={"name": "Nøkkel"})
    return {
        "nothing set up": plain,
        "an authenticator app": with_app,
        "app and recovery codes": with_codes,
        "a security key": with_key,
    }


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_two_factor_page_is_allauths_in_every_state(client, language):
    client.cookies["balanse_language"] = language
    for state, user in _states().items():
        client.force_login(user)
        response = client.get("/konto/2fa/")
        assert response.status_code == 200
        page = response.content.decode()
        assert ('href="/konto/2fa/webauthn/"' in page) == (state == "a security key")  # "Manage", not "Add"
        assert ('href="/konto/2fa/recovery-codes/download/"' in page) == (state == "app and recovery codes")
        assert _normalised(response.content.decode()) == _normalised(
            _allauths_own("mfa/index.html", response)
        ), state


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_security_key_form_is_allauths(client, language):
    client.cookies["balanse_language"] = language
    compared = 0
    for state, user in _states().items():
        if state == "a security key":  # made without a real key's data, which this page reads
            continue
        client.force_login(user)
        response = client.get("/konto/2fa/webauthn/add/")
        assert response.status_code == 200, state
        compared += 1
        page = response.content.decode()
        assert 'id="mfa_webauthn_add" type="button"' in page
        assert _normalised(page) == _normalised(_allauths_own("mfa/webauthn/add_form.html", response)), state
    assert compared == 3
