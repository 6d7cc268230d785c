import pytest


@pytest.fixture(autouse=True)
def _notes_key(tmp_path, settings):
    """Each test has its own key file (made on first use)."""
    settings.ADVISORY_KEY_PATH = tmp_path / "keys" / "advisory-notes.key"


@pytest.fixture
def adviser(db):
    from balanse.advisory import services
    from tests.factories import OperatorFactory

    user = OperatorFactory(full_name="Rita Rådgiver")
    services.grant_adviser_role(user=user, by=None)
    return user


@pytest.fixture
def adviser_client(client, adviser):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(adviser, generate_totp_secret())
    client.force_login(adviser)
    return client
