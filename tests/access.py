"""Helpers for the access tests every view has: one request per role, with the expected status."""

import pytest

ROLES = ["anonymous", "member", "admin", "other_admin", "operator"]


@pytest.fixture
def client_for(client, db, organisation, org_admin, org_member, other_admin, operator):
    """client_for(role) → a test client logged in as that role (staff with a second factor)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(operator, generate_totp_secret())
    users = {"member": org_member, "admin": org_admin, "other_admin": other_admin, "operator": operator}

    def _client_for(role: str):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return _client_for


def assert_status(response, expected: int | str) -> None:
    """expected is a status code, or "login" for a redirect to the log-in page."""
    if expected == "login":
        assert response.status_code == 302, response.status_code
        assert response.url.startswith("/konto/login/"), response.url
    else:
        assert response.status_code == expected, (response.status_code, getattr(response, "url", ""))
