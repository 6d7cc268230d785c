"""Journey (issue 9): an organisation admin invites the address of an existing staff account. Whoever opens
the link is asked to log in; the operator logs in with password and authenticator code on a phone, lands back
on the invitation and accepts it. The link alone never logs anyone in."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from balanse.organisations import services
from balanse.organisations.models import Membership, Role
from tests.e2e.conftest import link_in_last_email, totp_now
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin

PASSWORD = "Et langt passord for drift 2026"


def test_invitation_to_an_existing_staff_account_needs_its_own_log_in(
    make_page, django_capture_on_commit_callbacks
):
    theatre = OrganisationFactory(name="Rosendal teater")
    admin = make_org_admin(theatre)
    operator = OperatorFactory(email="drift@balansekunst.example", password=PASSWORD)
    secret = generate_totp_secret()
    TOTP.activate(operator, secret)
    phone = make_page(width=360, height=780)
    page = phone.page
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(
            organisation=theatre,
            email=operator.email,
            role=Role.ADMIN,
            invited_by=admin,
            base_url=phone.base_url,
        )
    assert mail.outbox[-1].to == [operator.email]
    link = link_in_last_email(operator.email)

    page.goto(link)
    phone.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Bli med i Rosendal teater"
    assert page.get_by_role("heading", level=2, name="Logg inn for å godta invitasjonen").is_visible()
    assert page.get_by_role("button", name="Takk ja og logg inn").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Logg inn for å godta").click()
    phone.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Logg inn"
    page.get_by_role("textbox", name="E-post", exact=True).fill(operator.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn med passord").click()
    phone.check()
    page.get_by_label("Kode").fill(totp_now(secret))
    page.get_by_role("button", name="Logg inn").click()
    phone.check()

    # Back on the invitation, now logged in as the person it is for.
    assert page.get_by_role("heading", level=1).inner_text() == "Bli med i Rosendal teater"
    assert not Membership.objects.filter(user=operator).exists()
    page.get_by_role("button", name="Godta invitasjonen").click()
    phone.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Rosendal teater"
    assert Membership.objects.get(user=operator).role == Role.ADMIN
