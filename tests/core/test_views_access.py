import pytest

from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

MATRIX = {
    "/": [200, 200, 200, 200, 200, 200],
    "/healthz": [200, 200, 200, 200, 200, 200],
    "/oversikt/": ["login", 302, 302, 302, 200, 302],
    "/drift/logg/": ["login", 403, 403, 403, 200, 403],
    "/konto/2fa/": ["login", 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("path", MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_core_views_access_per_role(client_for, path, role_index):
    response = client_for(ROLES[role_index]).get(path)
    assert_status(response, MATRIX[path][role_index])


def test_dashboard_sends_organisation_users_to_their_organisation(client_for, organisation):
    response = client_for("admin").get("/oversikt/")
    assert response.url == "/virksomhet/"


def test_audit_log_lists_changes_without_content(client_for, organisation, operator):
    from balanse.organisations.services import update_organisation

    update_organisation(organisation=organisation, by=operator, data={"description": "Hemmelig tekst"})
    html = client_for("operator").get("/drift/logg/").content.decode()
    assert f"Profil endret: {organisation.name}" in html  # in words, not the code
    assert "Hemmelig tekst" not in html


def test_unknown_page_gives_friendly_404(client):
    response = client.get("/finnes/ikke/")
    assert response.status_code == 404
    assert "Vi fant ikke den siden" in response.content.decode()
