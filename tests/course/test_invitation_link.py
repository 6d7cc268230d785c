"""Where learners land, the course invitation link that logs a new learner in, colleagues' contact details,
and the organisation admin opening the course as a learner would."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from balanse.core.models import User
from balanse.course import services
from tests.access import ROLES, assert_status
from tests.factories import OperatorFactory, make_org_admin, make_org_member

pytestmark = pytest.mark.django_db


def _invite(course, organisation, by, email, capture):
    mail.outbox.clear()
    with capture(execute=True):
        services.invite_learners(organisation=organisation, course=course, emails=[email], by=by)
    (message,) = mail.outbox
    return re.search(r"https?://\S+/kurs/invitasjon/\S+/", message.body).group(0).split("testserver", 1)[-1]


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3] if link.startswith("http") else link


def test_invitation_link_logs_a_new_learner_in_once_and_opens_the_course(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks
):
    link = _path(
        _invite(course, organisation, org_admin, "ny@example.org", django_capture_on_commit_callbacks)
    )
    # Opening the link (a mail scanner does that) uses nothing up and logs nobody in.
    page = client.get(link)
    assert page.status_code == 200
    assert "ny@example.org" in page.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(link, {"full_name": "Nina Ny"})
    course_url = reverse("course:learner_course", args=[course.slug])
    assert (response.status_code, response["Location"]) == (302, course_url)
    assert client.get(course_url).status_code == 200
    assert EmailAddress.objects.filter(email="ny@example.org", verified=True).exists()
    # Logged in: the link opens the course.
    assert client.get(link)["Location"] == course_url
    # The link worked once: afterwards it offers a log-in code for the same address, and logs nobody in.
    client.logout()
    again = client.post(link)
    assert again.status_code == 200
    html = again.content.decode()
    assert 'value="ny@example.org"' in html and reverse("account_request_login_code") in html
    assert "_auth_user_id" not in client.session


def test_invitation_link_never_logs_in_an_account_that_has_logged_in_before(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks
):
    member = make_org_member(organisation, user__email="kjent@example.org")
    member.last_login = timezone.now()
    member.save(update_fields=["last_login"])
    link = _path(
        _invite(course, organisation, org_admin, "kjent@example.org", django_capture_on_commit_callbacks)
    )
    response = client.post(link)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'value="kjent@example.org"' in response.content.decode()


def test_invitation_link_never_logs_in_staff(
    client, course, organisation, django_capture_on_commit_callbacks
):
    staff = OperatorFactory(email="ansatt@balansekunst.example")
    admin = make_org_admin(organisation)
    link = _path(_invite(course, organisation, admin, staff.email, django_capture_on_commit_callbacks))
    client.post(link)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("spoil", ["tamper", "expire"])
def test_a_spoilt_link_says_it_no_longer_works(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks, spoil
):
    link = _path(
        _invite(course, organisation, org_admin, "ny@example.org", django_capture_on_commit_callbacks)
    )
    if spoil == "tamper":
        link = link[:-3] + ("A/" if link[-2] != "A" else "B/")
        response = client.post(link)
    else:
        with time_machine.travel(timezone.now() + timedelta(days=15)):
            response = client.post(link)
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session
    assert "ny@example.org" not in response.content.decode()


def test_learner_lands_on_the_course_after_logging_in(client, course, learner):
    client.force_login(learner)
    response = client.get(reverse("core:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("course:learner_course", args=[course.slug])


def test_someone_in_no_organisation_and_no_course_is_told_what_to_do(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("organisations:mine"))
    assert response.status_code == 200


def test_members_see_colleagues_names_but_not_their_addresses(client, organisation, org_admin, org_member):
    url = reverse("organisations:detail", args=[organisation.pk])
    client.force_login(org_member)
    page = client.get(url).content.decode()
    assert org_admin.email not in page
    client.force_login(org_admin)
    assert org_member.email in client.get(url).content.decode()


def test_organisation_admin_opens_the_course_as_a_learner(client, course, organisation, org_admin):
    client.force_login(org_admin)
    assert client.get(reverse("course:learner_course", args=[course.slug])).status_code == 200
    assert client.get(reverse("course:step", args=[course.slug, "definisjonen"])).status_code == 200
    page = client.get(reverse("course:organisation_course", args=[organisation.pk, course.slug]))
    assert reverse("course:learner_course", args=[course.slug]) in page.content.decode()
    # Not counted as a learner of the organisation.
    assert page.context["counts"]["invited"] == 0


@pytest.mark.parametrize("role", ROLES)
def test_invitation_link_access_per_role(client_for, course, role):
    """The page is public (the signed token is the key); a token that is not ours is refused for all."""
    response = client_for(role).get(reverse("course:invitation_link", args=["ikke-en-gyldig-lenke"]))
    assert_status(response, 410)


@pytest.mark.parametrize("name", ["", "  "])
def test_invitation_link_asks_for_the_name_and_refuses_without_it(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks, name
):
    link = _path(
        _invite(course, organisation, org_admin, "navn@example.org", django_capture_on_commit_callbacks)
    )
    assert 'name="full_name"' in client.get(link).content.decode()
    response = client.post(link, {"full_name": name})
    assert response.status_code == 400
    assert "Skriv hele navnet ditt." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.filter(email="navn@example.org", verified=True).exists()
    # With a name: logged in, and the name is kept (trimmed).
    assert client.post(link, {"full_name": "  Nora Navn "}).status_code == 302
    assert User.objects.get(email="navn@example.org").full_name == "Nora Navn"


def test_invitation_link_does_not_ask_a_learner_who_has_a_name(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks
):
    User.objects.create_user(email="kjent@example.org", full_name="Kari Kjent")
    link = _path(
        _invite(course, organisation, org_admin, "kjent@example.org", django_capture_on_commit_callbacks)
    )
    assert 'name="full_name"' not in client.get(link).content.decode()


def test_learner_without_a_name_is_listed_by_e_mail(
    client, course, organisation, org_admin, django_capture_on_commit_callbacks
):
    _invite(course, organisation, org_admin, "uten.navn@example.org", django_capture_on_commit_callbacks)
    client.force_login(org_admin)
    html = client.get(
        reverse("course:organisation_course", args=[organisation.pk, course.slug])
    ).content.decode()
    assert '<th scope="row">uten.navn@example.org</th>' in html
    assert '<th scope="row">–</th>' not in html
