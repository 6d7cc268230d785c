"""The privacy page, a person's own data and account deletion, the operator's record and lookup."""

import json
import re

import pytest
from django.conf import settings
from django.utils import timezone

from balanse.core.models import AuditEntry, User
from balanse.members.models import SupportingMember
from balanse.organisations.models import Invitation, Membership, Role
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

MATRIX = {
    "/personvern/": [200, 200, 200, 200, 200, 200],
    "/drift/personvern/": ["login", 403, 403, 403, 200, 403],
    "/drift/personvern/oppslag/": ["login", 403, 403, 403, 200, 403],
    "/konto/mine-data/": ["login", 200, 200, 200, 200, 200],
    "/konto/mine-data/last-ned/": ["login", 200, 200, 200, 200, 200],
    "/konto/slett/": ["login", 200, 200, 200, 200, 200],
    "/konto/sessions/": ["login", 200, 200, 200, 200, 200],
    "/konto/innlogginger/": ["login", 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("path", MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_privacy_views_access_per_role(client_for, path, role_index):
    assert_status(client_for(ROLES[role_index]).get(path), MATRIX[path][role_index])


@pytest.mark.parametrize("path", ["/drift/personvern/oppslag/"])
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_lookup_posts_are_for_operators_only(client_for, path, role_index):
    response = client_for(ROLES[role_index]).post(path, {"email": "x@example.org", "action": "export"})
    expected = MATRIX[path][role_index]
    assert_status(response, expected)


def test_every_page_links_to_the_privacy_page(client):
    html = client.get("/").content.decode()
    assert 'href="/personvern/"' in html


def test_privacy_page_lists_every_register_with_its_retention(client):
    html = client.get("/personvern/").content.decode()
    for text in ("Medlemskap", "Invitasjoner", "Støttemedlemmer", "post@balansekunst.no", "Datatilsynet"):
        assert text in html, text


def test_privacy_page_registers_come_in_the_readers_language(client):
    """The registers are rendered once per language and process: each language gets its own."""
    norwegian = client.get("/personvern/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/personvern/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    again = client.get("/personvern/").content.decode()
    assert "Medlemskap" in norwegian and "Støttemedlemmer" in norwegian
    assert "Memberships" in english and "Supporting members" in english
    assert "Støttemedlemmer" not in english
    summaries = re.compile(r"<summary>(.*?)</summary>")
    assert summaries.findall(again) == summaries.findall(norwegian) != summaries.findall(english)


def test_download_is_one_json_file_with_the_persons_data(client_for, organisation):
    client = client_for("member")
    response = client.get("/konto/mine-data/last-ned/")
    assert response["Content-Disposition"].startswith('attachment; filename="mine-data-')
    data = json.loads(response.content)
    member = Membership.objects.get(organisation=organisation, role=Role.MEMBER).user
    assert data["email"] == member.email
    assert "organisations.Membership" in {section["model"] for section in data["registers"]}


def test_delete_account_explains_then_deletes_and_logs_out(client_for, organisation):
    client = client_for("member")
    member = Membership.objects.get(organisation=organisation, role=Role.MEMBER).user
    page = client.get("/konto/slett/").content.decode()
    assert organisation.name in page and "pseudonym" in page
    response = client.post("/konto/slett/", {})
    assert response.status_code == 200 and User.objects.filter(pk=member.pk).exists()
    response = client.post("/konto/slett/", {"confirm": "on"})
    assert response.status_code == 302 and response.url == "/"
    assert not User.objects.filter(pk=member.pk).exists()
    assert_status(client.get("/konto/mine-data/"), "login")


def test_last_admin_is_told_to_hand_over_first(client_for, organisation):
    client = client_for("admin")
    admin = Membership.objects.get(organisation=organisation, role=Role.ADMIN).user
    page = client.get("/konto/slett/").content.decode()
    assert "siste administrator" in page
    response = client.post("/konto/slett/", {"confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=admin.pk).exists()


def test_operator_finds_exports_and_erases_an_address(client_for, operator, organisation):
    SupportingMember.objects.create(name="Kari", email="kari@example.org", joined=timezone.localdate())
    Invitation.objects.create(
        organisation=organisation, email="kari@example.org", token_hash="e" * 64, expires_at=timezone.now()
    )
    client = client_for("operator")
    page = client.get("/drift/personvern/oppslag/", {"email": "kari@example.org"}).content.decode()
    assert "Støttemedlemmer: 1" in page and "Invitasjoner: 1" in page
    export = client.post("/drift/personvern/oppslag/", {"email": "kari@example.org", "action": "export"})
    assert "kari@example.org" in export.content.decode()
    assert AuditEntry.objects.filter(action="personal_data.exported").exists()
    refused = client.post("/drift/personvern/oppslag/", {"email": "kari@example.org", "action": "erase"})
    assert refused.status_code == 200 and SupportingMember.objects.filter(email="kari@example.org").exists()
    done = client.post(
        "/drift/personvern/oppslag/", {"email": "kari@example.org", "action": "erase", "confirm": "on"}
    )
    assert done.status_code == 302
    assert not SupportingMember.objects.filter(email="kari@example.org").exists()
    assert not Invitation.objects.filter(email="kari@example.org").exists()
    assert AuditEntry.objects.filter(action="personal_data.erased").exists()


def test_lookup_with_a_bad_address_says_so(client_for):
    page = (
        client_for("operator")
        .get("/drift/personvern/oppslag/", {"email": "ikke-en-adresse"})
        .content.decode()
    )
    assert "hele e-postadressen" in page or "e-postadresse" in page


def test_record_of_processing_is_printable(client_for):
    html = client_for("operator").get("/drift/personvern/").content.decode()
    assert "data-print" in html and "apply_retention" in html and "core.AuditEntry" in html


def test_sessions_list_shows_this_browser_and_ends_the_others(client_for, organisation):
    from allauth.usersessions.models import UserSession
    from django.test import Client

    from balanse.core.models import Session

    member = Membership.objects.get(organisation=organisation, role=Role.MEMBER).user
    other = Client()
    other.force_login(member)
    UserSession.objects.create(
        user=member, session_key=other.session.session_key, ip="192.0.2.7", user_agent="Annen nettleser"
    )
    client = client_for("member")
    page = client.get("/konto/innlogginger/").content.decode()
    assert "Denne nettleseren" in page and "192.0.2.7" in page
    client.post("/konto/innlogginger/", {})
    assert not Session.objects.filter(session_key=other.session.session_key).exists()
    assert client.get("/konto/mine-data/").status_code == 200
