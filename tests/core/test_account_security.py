"""Log-in limits, the second-factor gate and caching of private pages (issue 9, findings 7, 8 and 9)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "Et riktig passord for drift 2026"
TOO_MANY = "For mange innloggingsforsøk"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_with_password(operator):
    operator.set_password(PASSWORD)
    operator.save()
    TOTP.activate(operator, generate_totp_secret())
    return operator


# ---------------------------------------------------------------- finding 7: failed log-ins per client and account


def test_an_attackers_failed_logins_do_not_lock_the_real_person_out(staff_with_password):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(12):
        attacker.post(
            reverse("account_login"), {"login": staff_with_password.email, "password": "feil passord"}
        )
    # The attacker is stopped, even with the right password…
    response = attacker.post(
        reverse("account_login"), {"login": staff_with_password.email, "password": PASSWORD}
    )
    assert TOO_MANY in response.content.decode()
    # …but the real person, from their own computer, goes on to the second factor.
    person = Client(REMOTE_ADDR="198.51.100.7")
    response = person.post(
        reverse("account_login"), {"login": staff_with_password.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_failed_logins_from_one_client_count_against_each_account_separately(staff_with_password, operator):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "noen.andre@example.org", "password": "feil passord"})
    response = client.post(
        reverse("account_login"), {"login": staff_with_password.email, "password": PASSWORD}
    )
    assert response.status_code == 302


# ---------------------------------------------------------------- finding 8: only set-up and log-out before MFA


@pytest.mark.parametrize(
    "name",
    ["account_email", "account_change_password", "account_set_password", "mfa_index", "core:dashboard"],
)
def test_staff_without_second_factor_reaches_only_set_up_and_log_out(client, operator, name):
    client.force_login(operator)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_second_factor_can_set_it_up_and_log_out(client, operator):
    client.force_login(operator)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") is None


def test_organisation_users_are_not_sent_to_set_up(client, org_admin):
    client.force_login(org_admin)
    assert client.get(reverse("account_email")).status_code == 200


# ---------------------------------------------------------------- finding 9: private pages are never cached


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("role", ["member", "admin", "operator", "learner"])
def test_every_authenticated_response_says_private_no_store(client_for, organisation, role):
    client = client_for(role)
    for url in [
        "/",
        reverse("core:dashboard"),
        reverse("course:my_courses"),
        f"/virksomhet/{organisation.pk}/",
    ]:
        response = client.get(url)
        assert {"private", "no-store"} <= _directives(response), (url, response.get("Cache-Control"))


def test_authenticated_error_pages_say_private_no_store(client_for):
    response = client_for("member").get("/drift/virksomheter/")
    assert response.status_code == 403
    assert {"private", "no-store"} <= _directives(response)


def test_public_pages_for_anonymous_visitors_may_be_cached(client):
    assert "no-store" not in _directives(client.get("/sok-rad/"))
