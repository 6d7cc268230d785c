import pytest
from pyld import jsonld

from balanse.certification import credentials
from balanse.certification.models import Certification

S = Certification.State


def _no_network(url, options=None):  # pragma: no cover - only reached if a context is fetched
    raise AssertionError(f"pyld's default document loader was asked for {url}")


@pytest.fixture(autouse=True)
def _issuer_key(tmp_path, settings):
    """Each test signs with its own keys in a temporary folder, never the one in var/; nothing is fetched."""
    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer-ed25519.pem"
    settings.SITE_URL = "https://balanse.test"
    default_loader = jsonld.get_document_loader()
    jsonld.set_document_loader(_no_network)
    yield
    jsonld.set_document_loader(default_loader)
    credentials.clear_cache()


@pytest.fixture
def certified(organisation, make_certification):
    """A certified mark of an organisation with an organisation number."""
    organisation.name = "Teater Ærlig & Åpen"
    organisation.org_number = "974760673"
    organisation.save()
    return make_certification(organisation, S.CERTIFIED)


@pytest.fixture
def quick_mark(db):
    """A certified mark made straight in the database (for the many parametrised tamper tests)."""
    from django.utils import timezone

    from balanse.certification.models import Period
    from tests.factories import OrganisationFactory

    today = timezone.localdate()
    organisation = OrganisationFactory(name="Scenehuset Ærlig & Åpen", org_number="923609016")
    mark = Certification.objects.create(
        organisation=organisation,
        state=S.CERTIFIED,
        certificate_number="BM-2099-001",
        valid_from=today,
        valid_until=today.replace(year=today.year + 1),
    )
    Period.objects.create(
        certification=mark, cycle=1, valid_from=mark.valid_from, valid_until=mark.valid_until
    )
    return mark
