"""“Bli medlem”: the public form, the receipt, the operator's approval (organisation, membership, this year's fee,
an invitation for the contact person) or decline with a message."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from balanse.members import services
from balanse.members.models import ApplicationState, Fee, FeeStatus, FeeYear, Member, MembershipApplication
from balanse.organisations.models import ArtField, Invitation, Organisation, Role
from tests.factories import OperatorFactory, OrganisationFactory
from tests.members.factories import FeeTierFactory, MemberFactory, tiers_2020

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Nordlys scene",
    "org_number": "923 609 016",
    "field": "",
    "municipality": "Tromsø",
    "contact_name": "Nora Nordlys",
    "contact_email": "nora@nordlys.example",
    "invoice_email": "faktura@nordlys.example",
}


@pytest.fixture
def form_data():
    return FORM | {"field": str(ArtField.objects.get(code="performing_arts").pk)}


def application(**kwargs) -> MembershipApplication:
    data = {
        "name": "Nordlys scene",
        "org_number": "923609016",
        "field": ArtField.objects.get(code="performing_arts"),
        "municipality": "Tromsø",
        "contact_name": "Nora Nordlys",
        "contact_email": "nora@nordlys.example",
        "invoice_email": "faktura@nordlys.example",
        "tier": 5000,
        "tier_year": 2020,
    } | kwargs
    return MembershipApplication.objects.create(**data)


def test_application_form_sends_a_receipt_and_needs_no_account(
    client, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:apply"), form_data | {"tier": "4000"})
    assert response.url == reverse("members:apply_thanks")
    stored = MembershipApplication.objects.get()
    assert (stored.name, stored.org_number, stored.state) == (
        "Nordlys scene",
        "923609016",
        ApplicationState.PENDING,
    )
    assert mail.outbox[-1].to == ["nora@nordlys.example"]
    assert mail.outbox[-1].subject == "Vi har mottatt søknaden fra Nordlys scene"


@pytest.fixture(autouse=True)
def _tiers_this_year():
    """The form offers this year's tiers as size bands."""
    for amount in (15000, 12000, 10000, 8000, 5000, 4000, 1000):
        FeeTierFactory(year=timezone.localdate().year, amount=amount)


def test_application_form_with_a_bad_org_number_says_why_and_keeps_what_was_typed(client, form_data):
    response = client.post(
        reverse("members:apply"), form_data | {"org_number": "923 609 017", "tier": "4000"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "det siste sifferet stemmer ikke" in page
    assert 'value="Nora Nordlys"' in page and 'value="923 609 017"' in page
    assert not MembershipApplication.objects.exists()


def test_application_form_offers_the_years_tiers_as_size_bands(client):
    page = client.get(reverse("members:apply")).content.decode()
    assert page.count('name="tier"') == 7
    assert "4\u00a0000 kr – Årsbudsjett 1–2 mill. kr" in page


def test_application_form_is_rate_limited_without_a_captcha(client, form_data, settings):
    settings.MEMBERS_APPLICATION_RATE = "2/3600"
    from django.core.cache import cache

    cache.clear()
    for _ in range(2):
        client.post(reverse("members:apply"), form_data | {"tier": "4000"})
    response = client.post(reverse("members:apply"), form_data | {"tier": "4000"})
    assert response.status_code == 429
    assert MembershipApplication.objects.count() == 2
    assert "captcha" not in client.get(reverse("members:apply")).content.decode().lower()


def test_approval_creates_organisation_membership_fee_and_invitation(django_capture_on_commit_callbacks):
    tiers_2020()
    operator = OperatorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.approve_application(
            application=application(), by=operator, message="Velkommen!", today=date(2020, 5, 4)
        )
    organisation = Organisation.objects.get(name="Nordlys scene")
    assert member.organisation == organisation
    assert (
        organisation.org_number,
        organisation.municipality,
        organisation.is_member,
        organisation.member_since,
    ) == ("923609016", "Tromsø", True, 2020)
    assert list(organisation.art_fields.values_list("code", flat=True)) == ["performing_arts"]
    assert (member.joined, member.contact_email, member.invoice_email) == (
        date(2020, 5, 4),
        "nora@nordlys.example",
        "faktura@nordlys.example",
    )
    fee = Fee.objects.get(member=member)
    assert (fee.year, fee.tier, fee.status) == (2020, 5000, FeeStatus.NOT_CLAIMED)
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("nora@nordlys.example", Role.ADMIN)
    subjects = [m.subject for m in mail.outbox]
    assert "Nordlys scene er nå medlem av Balansekunst" in subjects
    assert "Invitasjon til Nordlys scene i Balanse" in subjects
    assert "Velkommen!" in next(m.body for m in mail.outbox if "er nå medlem" in m.subject)


def test_approval_after_the_cutoff_gives_no_fee_that_year():
    FeeYear.objects.create(year=2020, cutoff=date(2020, 11, 15))
    member = services.approve_application(application=application(), by=None, today=date(2020, 11, 20))
    assert Fee.objects.get(member=member).status == FeeStatus.NONE


def test_approval_links_an_organisation_already_in_the_register():
    existing = OrganisationFactory(name="Nordlys Scene AS", org_number="923609016")
    member = services.approve_application(application=application(), by=None, today=date(2020, 5, 4))
    assert member.organisation == existing
    assert Organisation.objects.count() == 1


def test_approval_refuses_an_organisation_that_is_already_a_member():
    MemberFactory(organisation=OrganisationFactory(name="Nordlys scene"))
    with pytest.raises(services.ApplicationError, match="er allerede medlem"):
        services.approve_application(application=application(org_number=""), by=None)


def test_an_application_is_decided_once():
    decided = application()
    services.decline_application(application=decided, by=None, message="Ikke kulturliv.")
    with pytest.raises(services.ApplicationError, match="allerede avgjort"):
        services.approve_application(application=decided, by=None)


def test_decline_needs_a_message_and_sends_it(operator_client, django_capture_on_commit_callbacks):
    pending = application()
    url = reverse("members:application", args=[pending.pk])
    response = operator_client.post(url, {"action": "decline", "message": ""})
    assert "Skriv en melding som forteller søkeren hvorfor." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            url, {"action": "decline", "message": "Dere er ikke en kulturvirksomhet."}
        )
    assert response.url == reverse("members:applications")
    pending.refresh_from_db()
    assert (pending.state, pending.decision_message) == (
        ApplicationState.DECLINED,
        "Dere er ikke en kulturvirksomhet.",
    )
    assert "Dere er ikke en kulturvirksomhet." in mail.outbox[-1].body
    assert not Member.objects.exists()


def test_operator_approves_on_the_application_page(operator_client):
    pending = application()
    response = operator_client.post(
        reverse("members:application", args=[pending.pk]), {"action": "approve", "message": ""}
    )
    member = Member.objects.get()
    assert response.url == reverse("members:detail", args=[member.pk])


def test_the_waiting_list_is_kept_until_an_application_changes_and_the_decided_are_paged(operator_client):
    """The applications waiting, oldest first, read once until a register changes (balanse.core.stamps): a new
    application and a decision show at once; the decided ones below, 25 a page, with who decided."""
    url = reverse("members:applications")
    first = application(name="Første <søker>")
    MembershipApplication.objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(days=2))
    second = application(name="Andre søker", org_number="")
    with CaptureQueriesContext(connection) as made:
        page = operator_client.get(url).content.decode()
    assert page.index("Første &lt;søker&gt;") < page.index("Andre søker")  # oldest first, escaped
    with CaptureQueriesContext(connection) as kept:
        again = operator_client.get(url).content.decode()
    assert again.count("Første &lt;søker&gt;") == again.count("Andre søker") == 1

    def applications_read(captured):
        return sum('"members_membershipapplication"' in query["sql"] for query in captured.captured_queries)

    assert applications_read(kept) == applications_read(made) - 1  # the waiting list came from the cache
    services.decline_application(
        application=second, by=OperatorFactory(full_name="Drift & Co"), message="Nei."
    )
    page = operator_client.get(url).content.decode()
    waiting, decided = page.split("Vedtatt", 1)
    assert "Første &lt;søker&gt;" in waiting and "Andre søker" not in waiting
    assert "Andre søker" in decided and "Avslått" in decided and "Drift &amp; Co" in decided
    for n in range(26):
        application(
            name=f"Avgjort {n:02}", org_number="", state=ApplicationState.DECLINED, decided_at=timezone.now()
        )
    rows = re.findall(r'href="/drift/medlemmer/soknader/[0-9]+/"', operator_client.get(url).content.decode())
    assert len(rows) == 1 + 25  # the one waiting, and a page of the decided
    assert "Avgjort" in operator_client.get(url + "?side=2").content.decode()
    MembershipApplication.objects.filter(pk=first.pk).delete()
    assert "Ingen søknader venter." in operator_client.get(url).content.decode()


def test_application_form_keeps_its_choices_until_a_register_changes(client, form_data):
    cache.clear()
    client.get(reverse("members:apply"))
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("members:apply")).content.decode()
    tables = " ".join(query["sql"] for query in read.captured_queries)
    assert "members_feetier" not in tables and "organisations_artfield" not in tables
    assert page.count('name="tier"') == 7
    # A new tier shows at once; an art field taken away is gone from the list and refused when posted.
    FeeTierFactory(year=timezone.localdate().year, amount=20000)
    assert client.get(reverse("members:apply")).content.decode().count('name="tier"') == 8
    ArtField.objects.filter(pk=form_data["field"]).delete()
    assert f'value="{form_data["field"]}"' not in client.get(reverse("members:apply")).content.decode()
    response = client.post(reverse("members:apply"), form_data | {"tier": "4000"})
    assert response.status_code == 200 and not MembershipApplication.objects.exists()
