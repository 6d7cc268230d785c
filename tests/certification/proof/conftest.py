import pytest

from balanse.certification import credentials
from balanse.certification.models import Certification

S = Certification.State


@pytest.fixture(autouse=True)
def _issuer_key(tmp_path, settings):
    """Each test signs with its own key in a temporary folder, never the one in var/."""
    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer-ed25519.pem"
    settings.SITE_URL = "https://balanse.test"
    yield
    credentials._key_cache.clear()


@pytest.fixture
def certified(organisation, make_certification):
    """A certified mark of an organisation with an organisation number."""
    organisation.name = "Teater Ærlig & Åpen"
    organisation.org_number = "974760673"
    organisation.save()
    return make_certification(organisation, S.CERTIFIED)
