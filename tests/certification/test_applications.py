"""Applying (what the operator needs, what happens next), "Kurs" and "Nettkurset" explained, and the public
"Vil du ha Balansemerket?" request the operator turns into an organisation and an invitation in one step."""

import pytest
from django.core import mail
from django.urls import reverse

from balanse.certification.models import Application, Certification, MarkRequest, SchemeSettings
from balanse.organisations.models import Invitation, Organisation
from tests.access import ROLES, assert_status
from tests.certification.test_views import APPLICATION

S = Certification.State
pytestmark = pytest.mark.django_db

REQUEST = {
    "organisation_name": "Kulturhuset Ørsta",
    "org_number": "923 609 016",
    "municipality": "Ørsta",
    "contact_name": "Per Person",
    "email": "per@kulturhus.example",
    "phone": "",
    "message": "Hva koster det?",
}


@pytest.fixture(autouse=True)
def _operator_address(settings):
    settings.CERTIFICATION_OPERATOR_EMAIL = "drift@balansekunst.example"


def test_organisation_without_a_certification_gets_a_call_to_action(client, organisation, org_admin):
    SchemeSettings.objects.create(response_time="innen ti dager")
    client.force_login(org_admin)
    page = client.get(reverse("certification:organisation", args=[organisation.pk])).content.decode()
    assert "Søk om Balansemerket" in page
    assert "Hva skjer videre" in page and "innen ti dager" in page
    for label in ("Kontaktperson", "Personer i virksomheten", "Ønsket tidspunkt for kurset"):
        assert label in page
    assert 'value="' + org_admin.email + '"' in page  # the contact person starts as the admin


def test_application_is_stored_and_the_operator_is_told_what_they_need(
    client, client_for, organisation, org_admin, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certification:apply", args=[organisation.pk]), APPLICATION)
    assert response.status_code == 302
    application = Application.objects.get(certification__organisation=organisation)
    assert (application.contact_name, application.size) == ("Kari Kontakt", "10-49")
    (message,) = mail.outbox
    assert message.to == ["drift@balansekunst.example"]
    for text in (
        "Kari Kontakt",
        "kari@teater.example",
        "10–49 personer",
        "En formiddag i mars",
        "Trygge turneer.",
    ):
        assert text in message.body
    cert = application.certification
    page = client.get(reverse("certification:organisation", args=[organisation.pk])).content.decode()
    assert "Dere hører fra Balansekunst innen to uker." in page
    manage = client_for("operator").get(reverse("certification:manage", args=[cert.pk])).content.decode()
    assert "Søknaden" in manage and "En formiddag i mars" in manage


def test_incomplete_application_changes_nothing_and_says_what_is_missing(client, organisation, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("certification:apply", args=[organisation.pk]),
        {**APPLICATION, "contact_name": "", "size": "x"},
    )
    assert response.status_code == 400
    assert not Certification.objects.exists()
    page = response.content.decode()
    assert "Feltet er påkrevet." in page and "x er ikke et av de tilgjengelige valgene" in page


def test_course_and_online_course_are_explained(client, organisation, org_admin, make_certification):
    make_certification(organisation, S.COURSE)
    client.force_login(org_admin)
    page = client.get(reverse("certification:organisation", args=[organisation.pk])).content.decode()
    assert "«Kurs» er kurset Balansekunst holder for dere: det er påkrevd for merket." in page
    assert "«Nettkurset»" in page


def test_operator_sets_the_answer_time(operator_client):
    response = operator_client.post(
        reverse("certification:set_response_time"), {"response_time": "innen en uke"}
    )
    assert response.status_code == 302
    assert SchemeSettings.current().response_time == "innen en uke"
    operator_client.post(reverse("certification:set_response_time"), {"response_time": "  "})
    assert SchemeSettings.current().response_time == "innen en uke"


def test_public_request_reaches_the_operator(client, django_capture_on_commit_callbacks):
    url = reverse("certification:request_form")
    assert "Vil du ha Balansemerket?" in client.get(url).content.decode()
    bad = client.post(url, {**REQUEST, "email": "ikke-en-adresse", "org_number": "123"})
    assert bad.status_code == 400
    assert not MarkRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, REQUEST)
    assert response.status_code == 200
    assert "Takk for at du tok kontakt" in response.content.decode()
    item = MarkRequest.objects.get()
    assert (item.org_number, item.state) == ("923609016", MarkRequest.State.NEW)
    (message,) = mail.outbox
    assert message.to == ["drift@balansekunst.example"] and message.reply_to == ["per@kulturhus.example"]
    assert f"/drift/merket/henvendelser/{item.pk}/" in message.body and "Hva koster det?" in message.body


def test_operator_turns_a_request_into_organisation_and_invitation(
    operator_client, django_capture_on_commit_callbacks
):
    item = MarkRequest.objects.create(**{**REQUEST, "org_number": "923609016"})
    url = reverse("certification:request", args=[item.pk])
    dashboard = operator_client.get(reverse("certification:dashboard")).content.decode()
    assert url in dashboard
    page = operator_client.get(url).content.decode()
    assert 'value="Kulturhuset Ørsta"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            url,
            {
                "name": "Kulturhuset Ørsta",
                "org_number": "923609016",
                "municipality": "Ørsta",
                "email": "per@kulturhus.example",
            },
        )
    organisation = Organisation.objects.get(name="Kulturhuset Ørsta")
    assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("per@kulturhus.example", "admin")
    assert [m.to for m in mail.outbox] == [["per@kulturhus.example"]]
    item.refresh_from_db()
    assert (item.state, item.organisation) == (MarkRequest.State.CONVERTED, organisation)
    # Done once: a second try changes nothing and says so.
    again = operator_client.post(url, {"name": "Kulturhuset Ørsta 2", "email": "per@kulturhus.example"})
    assert again.status_code == 302
    assert "allerede behandlet" in operator_client.get(url).content.decode()
    assert Organisation.objects.count() == 1


def test_converting_to_an_existing_name_is_refused_clearly(operator_client, organisation):
    item = MarkRequest.objects.create(**{**REQUEST, "organisation_name": organisation.name, "org_number": ""})
    response = operator_client.post(
        reverse("certification:request", args=[item.pk]),
        {"name": organisation.name, "email": "per@kulturhus.example"},
    )
    assert response.status_code == 400
    assert "finnes allerede en virksomhet" in response.content.decode()
    item.refresh_from_db()
    assert item.state == MarkRequest.State.NEW
    assert not Invitation.objects.exists()


def test_operator_closes_a_request(operator_client):
    item = MarkRequest.objects.create(**{**REQUEST, "org_number": ""})
    operator_client.post(reverse("certification:request_close", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == MarkRequest.State.CLOSED


@pytest.mark.parametrize("role", ROLES)
def test_request_pages_access_per_role(client_for, role):
    item = MarkRequest.objects.create(**{**REQUEST, "org_number": ""})
    client = client_for(role)
    assert_status(client.get(reverse("certification:request_form")), 200)
    expected = {"anonymous": "login", "operator": 200}.get(role, 403)
    assert_status(client.get(reverse("certification:request", args=[item.pk])), expected)
    closed = {"anonymous": "login", "operator": 302}.get(role, 403)
    assert_status(client.post(reverse("certification:set_response_time"), {"response_time": "snart"}), closed)
    assert_status(client.post(reverse("certification:request_close", args=[item.pk])), closed)
    item.refresh_from_db()
    assert item.state == (MarkRequest.State.CLOSED if role == "operator" else MarkRequest.State.NEW)


def test_request_and_application_contacts_are_declared_and_expire(organisation, make_certification):
    from datetime import timedelta

    from django.utils import timezone

    from balanse.certification import privacy
    from balanse.core.privacy import declarations

    assert {MarkRequest, Application} <= {d.model for d in declarations()}
    old = MarkRequest.objects.create(
        **{**REQUEST, "org_number": ""}, handled_at=timezone.now() - timedelta(days=400)
    )
    MarkRequest.objects.create(**{**REQUEST, "org_number": ""})  # not dealt with yet: kept
    assert list(privacy.handled_requests()) == [old]
    cert = make_certification(organisation, S.WITHDRAWN)
    Application.objects.create(certification=cert, contact_name="K", contact_email="k@x.example", size="1-9")
    assert not privacy.applications_of_ended_certifications().exists()
    Certification.objects.filter(pk=cert.pk).update(state_changed_at=timezone.now() - timedelta(days=400))
    assert privacy.erase_application_contacts(privacy.applications_of_ended_certifications()) == 1
    assert Application.objects.get().contact_email == ""
