"""An invitation link never logs anyone into an account that already exists (issue 9, finding 1).

A new address gets an account and a session from the link (the link proves the address). An address that
already has an account must log in the normal way first (staff: password and second factor; others: the
e-mailed code), and then accepts the invitation while logged in."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from balanse.core.models import AuditEntry, User
from balanse.organisations import services
from balanse.organisations.models import Membership, Role
from tests.factories import OrganisationFactory, make_org_member

pytestmark = pytest.mark.django_db
PASSWORD = "Et riktig passord for drift 2026"


@pytest.fixture
def invite(django_capture_on_commit_callbacks, org_admin, organisation):
    """invite(email, role) → the token from the e-mailed link."""

    def _invite(email: str, role: str = Role.MEMBER) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            services.invite_person(organisation=organisation, email=email, role=role, invited_by=org_admin)
        return mail.outbox[-1].body.split("/invitasjon/")[1].split("/")[0]

    return _invite


@pytest.fixture
def operator_with_mfa(operator):
    operator.set_password(PASSWORD)
    operator.save()
    secret = generate_totp_secret()
    TOTP.activate(operator, secret)
    return operator, secret


def _totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_invitation_to_the_operator_opened_anonymously_creates_no_session_and_no_membership(
    client, organisation, operator_with_mfa, invite
):
    operator, _secret = operator_with_mfa
    token = invite(operator.email, Role.ADMIN)
    url = reverse("organisations:invitation", args=[token])

    response = client.post(url, {"full_name": "Angriper"})
    assert _logged_in_user_id(client) is None
    assert not Membership.objects.filter(user=operator).exists()
    operator.refresh_from_db()
    assert operator.full_name != "Angriper"
    assert response.status_code == 403
    assert "Logg inn for å godta invitasjonen" in response.content.decode()

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Du har allerede en konto" in html
    assert f'href="/konto/login/?next=/invitasjon/{token}/"' in html
    assert 'name="full_name"' not in html
    # The invitation is still there for the operator to accept after logging in.
    assert services.get_invitation(token).accepted_at is None


def test_operator_accepts_invitation_after_password_and_second_factor(
    client, organisation, operator_with_mfa, invite
):
    operator, secret = operator_with_mfa
    token = invite(operator.email, Role.ADMIN)
    invitation_url = reverse("organisations:invitation", args=[token])

    response = client.post(
        reverse("account_login") + f"?next={invitation_url}", {"login": operator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert _logged_in_user_id(client) is None
    response = client.post(reverse("mfa_authenticate"), {"code": _totp_now(secret)})
    assert response.status_code == 302
    assert response.url == invitation_url
    assert _logged_in_user_id(client) == str(operator.pk)

    html = client.get(invitation_url).content.decode()
    assert "Godta invitasjonen" in html
    response = client.post(invitation_url, {})
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[organisation.pk])
    membership = Membership.objects.get(user=operator)
    assert (membership.organisation, membership.role) == (organisation, Role.ADMIN)
    assert AuditEntry.objects.filter(action="invitation.accepted", actor=operator).count() == 1


def test_existing_member_must_log_in_by_code_before_accepting(
    client, organisation, invite, django_capture_on_commit_callbacks
):
    other = OrganisationFactory(name="Annet teater")
    person = make_org_member(other, user__full_name="Kari Kollega")
    token = invite(person.email)
    url = reverse("organisations:invitation", args=[token])

    response = client.post(url, {"full_name": "Noen andre"})
    assert response.status_code == 403
    assert _logged_in_user_id(client) is None
    assert not Membership.objects.filter(user=person, organisation=organisation).exists()

    # The log-in page offers the code, and comes back to the invitation.
    login_url = reverse("account_request_login_code") + f"?next={url}"
    with django_capture_on_commit_callbacks(execute=True):  # the code's e-mail leaves on commit
        response = client.post(login_url, {"email": person.email})
    assert response.status_code == 302
    code = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(response.url, {"code": code})  # the confirm page keeps ?next=
    assert response.status_code == 302
    assert response.url == url
    response = client.post(url, {})
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=person).values_list("organisation__name", flat=True)) == {
        organisation.name,
        "Annet teater",
    }


def test_invitation_opened_by_another_logged_in_person_is_refused(client, organisation, org_member, invite):
    token = invite("ny.person@example.org")
    client.force_login(org_member)
    url = reverse("organisations:invitation", args=[token])
    html = client.get(url).content.decode()
    assert "Denne invitasjonen er til ny.person@example.org" in html
    response = client.post(url, {"full_name": "Ny"})
    assert response.status_code == 403
    assert _logged_in_user_id(client) == str(org_member.pk)
    assert not User.objects.filter(email="ny.person@example.org").exists()
    assert services.get_invitation(token).accepted_at is None


def test_invitation_to_a_new_address_creates_the_account_and_logs_in(client, organisation, invite):
    token = invite("ny.person@example.org")
    response = client.post(reverse("organisations:invitation", args=[token]), {"full_name": "Ny Person"})
    assert response.status_code == 302
    user = User.objects.get(email="ny.person@example.org")
    assert (user.full_name, user.is_staff, user.has_usable_password()) == ("Ny Person", False, False)
    assert _logged_in_user_id(client) == str(user.pk)
    assert Membership.objects.get(user=user).organisation == organisation


def test_accept_invitation_service_refuses_an_existing_account_that_is_not_logged_in(
    organisation, operator_with_mfa, org_member, invite
):
    operator, _secret = operator_with_mfa
    token = invite(operator.email)
    with pytest.raises(services.LoginRequired):
        services.accept_invitation(token=token, user=None)
    with pytest.raises(services.InvitationError):
        services.accept_invitation(token=token, user=org_member)
    assert not Membership.objects.filter(user=operator).exists()
    result = services.accept_invitation(token=token, user=operator)
    assert (result.user, result.created, result.membership.role) == (operator, False, Role.MEMBER)


@pytest.mark.parametrize("name", ["", "   "])
def test_accepting_without_a_name_is_refused_and_creates_nothing(client, organisation, invite, name):
    token = invite("uten.navn@example.org")
    url = reverse("organisations:invitation", args=[token])
    response = client.post(url, {"full_name": name})
    assert response.status_code == 400
    assert "Skriv hele navnet ditt." in response.content.decode()
    assert not User.objects.filter(email="uten.navn@example.org").exists()
    assert _logged_in_user_id(client) is None
    # The invitation is still open: with a name it works.
    response = client.post(url, {"full_name": "  Med Navn  "})
    assert response.status_code == 302
    assert User.objects.get(email="uten.navn@example.org").full_name == "Med Navn"


def test_the_service_refuses_a_new_account_without_a_name(organisation, invite):
    from django.core.exceptions import ValidationError

    token = invite("tjeneste@example.org")
    with pytest.raises(ValidationError) as exc:
        services.accept_invitation(token=token, user=None, full_name=" ")
    assert exc.value.messages == ["Skriv hele navnet ditt."]
    assert not User.objects.filter(email="tjeneste@example.org").exists()
    assert not AuditEntry.objects.filter(action="invitation.accepted").exists()


def test_a_logged_in_person_without_a_name_gives_it_when_accepting(client, organisation, invite):
    person = User.objects.create_user(email="navnlos@example.org")
    token = invite(person.email)
    url = reverse("organisations:invitation", args=[token])
    client.force_login(person)
    assert 'name="full_name"' in client.get(url).content.decode()
    response = client.post(url, {"full_name": ""})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=person).exists()
    assert client.post(url, {"full_name": "Nina Navnløs"}).status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nina Navnløs"
    assert Membership.objects.filter(user=person, organisation=organisation).exists()


def test_a_person_without_a_name_is_listed_by_e_mail(client, organisation, org_admin):
    nameless = make_org_member(organisation, user__email="uten.navn@example.org", user__full_name="")
    client.force_login(org_admin)
    html = client.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert f'<th scope="row">{nameless.email}</th>' in html
    assert '<th scope="row">–</th>' not in html
