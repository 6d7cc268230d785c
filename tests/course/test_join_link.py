"""A course join link makes a learner (course only), and only after the person proves the address with the
e-mailed code; until then nothing is created (issue 9, finding 3)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from balanse.core.models import User
from balanse.course import services
from balanse.course.models import Enrollment
from balanse.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Code requests are rate-limited per address in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def join_url(course, organisation, org_admin):
    offer = services.get_offer(organisation=organisation, course=course)
    services.set_join_link(offer=offer, enabled=True, by=org_admin)
    return reverse("course:join", args=[offer.join_token])


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """ask(client, join_url, data) → the response to asking for a code (the e-mail leaves on commit)."""

    def _ask(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return _ask


def _code_in_last_email(email: str) -> str:
    message = mail.outbox[-1]
    assert message.to == [email]
    return re.search(r"^\s*(\d{6})\s*$", message.body, re.MULTILINE).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1000000:06d}"


def test_join_link_creates_nothing_until_the_code_is_confirmed(client, course, organisation, join_url, ask):
    response = ask(client, join_url, {"full_name": "Nina Ny", "email": "Nina@Example.org"})
    assert response.status_code == 302
    assert response.url == join_url + "kode/"
    assert not User.objects.filter(email="nina@example.org").exists()
    assert Enrollment.objects.count() == 0
    code = _code_in_last_email("nina@example.org")
    assert mail.outbox[-1].subject == "Koden din for å bli med på kurset"

    page = client.get(response.url).content.decode()
    assert "Vi har sendt en kode til nina@example.org" in page
    response = client.post(join_url + "kode/", {"code": _wrong(code)})
    assert response.status_code == 400
    assert "Koden stemmer ikke" in response.content.decode()
    assert not User.objects.filter(email="nina@example.org").exists()

    response = client.post(join_url + "kode/", {"code": code})
    assert response.status_code == 302
    assert response.url == reverse("course:learner_course", args=[course.slug])
    user = User.objects.get(email="nina@example.org")
    assert (user.full_name, user.is_staff) == ("Nina Ny", False)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Enrollment.objects.filter(user=user, course=course, organisation=organisation).count() == 1
    assert not Membership.objects.filter(user=user).exists()


def test_learner_from_a_join_link_sees_the_course_but_not_the_organisation(
    client, course, organisation, join_url, ask
):
    ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    client.post(join_url + "kode/", {"code": _code_in_last_email("nina@example.org")})
    assert client.get(reverse("course:learner_course", args=[course.slug])).status_code == 200
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 403
    assert client.get(f"/virksomhet/{organisation.pk}/tiltak/").status_code == 403
    assert client.get(reverse("course:my_courses")).status_code == 302
    # Where a learner lands after logging in: no organisations, so straight to the course (issue 13).
    response = client.get(reverse("organisations:mine"))
    assert (response.status_code, response["Location"]) == (302, reverse("course:my_courses"))


def test_join_link_with_someone_elses_address_enrols_nobody(
    client, course, organisation, other_admin, join_url, ask
):
    ask(client, join_url, {"full_name": "Later som", "email": other_admin.email})
    # The code went to the real owner's inbox; the holder of the link cannot confirm.
    assert mail.outbox[-1].to == [other_admin.email]
    for _attempt in range(3):
        client.post(join_url + "kode/", {"code": "000000"})
    assert not Enrollment.objects.filter(user=other_admin).exists()
    assert not Membership.objects.filter(user=other_admin, organisation=organisation).exists()
    assert client.session.get("_auth_user_id") is None
    other_admin.refresh_from_db()
    assert other_admin.full_name != "Later som"


def test_join_link_for_an_existing_account_enrols_after_the_code_without_logging_in(
    client, course, organisation, operator, join_url, ask
):
    ask(client, join_url, {"full_name": "Drift", "email": operator.email})
    response = client.post(join_url + "kode/", {"code": _code_in_last_email(operator.email)})
    course_url = reverse("course:learner_course", args=[course.slug])
    assert response.status_code == 302
    assert response.url == reverse("account_login") + f"?next={course_url}"
    assert client.session.get("_auth_user_id") is None
    assert Enrollment.objects.filter(user=operator, organisation=organisation).count() == 1
    assert not Membership.objects.filter(user=operator).exists()


def test_join_code_allows_three_attempts_then_starts_over(client, join_url, ask):
    ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    code = _code_in_last_email("nina@example.org")
    for _attempt in range(3):
        client.post(join_url + "kode/", {"code": _wrong(code)})
    response = client.post(join_url + "kode/", {"code": code})
    assert response.status_code == 302
    assert response.url == join_url
    assert not User.objects.filter(email="nina@example.org").exists()


def test_join_code_expires_after_ten_minutes(client, join_url, ask):
    ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    code = _code_in_last_email("nina@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post(join_url + "kode/", {"code": code})
    assert response.status_code == 302
    assert response.url == join_url
    assert not User.objects.filter(email="nina@example.org").exists()


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_join_code_in_a_wrong_shape_is_refused(client, join_url, code, ask):
    ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    response = client.post(join_url + "kode/", {"code": code})
    assert response.status_code == 400
    assert not User.objects.filter(email="nina@example.org").exists()


def test_code_page_without_a_pending_join_goes_back_to_the_link(client, join_url):
    response = client.get(join_url + "kode/")
    assert (response.status_code, response.url) == (302, join_url)


def test_logged_in_person_joins_as_learner_not_member(client, course, organisation, other_admin, join_url):
    client.force_login(other_admin)
    response = client.post(join_url)
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=other_admin, organisation=organisation).count() == 1
    assert not Membership.objects.filter(user=other_admin, organisation=organisation).exists()


def test_admin_invited_learners_are_learners_not_members(course, organisation, org_admin):
    services.invite_learners(
        organisation=organisation, course=course, emails=["ny@example.org"], by=org_admin, send_email=False
    )
    user = User.objects.get(email="ny@example.org")
    assert Enrollment.objects.filter(user=user, organisation=organisation).count() == 1
    assert not Membership.objects.filter(user=user).exists()


def test_codes_for_one_address_are_rate_limited(client, join_url, ask):
    for _attempt in range(3):
        assert ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"}).status_code == 302
    response = ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    assert response.status_code == 429
    assert "Det er nettopp sendt flere koder til denne adressen" in response.content.decode()
    assert len(mail.outbox) == 3


def test_a_pending_join_keeps_the_session_only_as_long_as_the_code(client, join_url, ask, settings):
    ask(client, join_url, {"full_name": "Nina Ny", "email": "nina@example.org"})
    assert client.session.get_expiry_age() == settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT
    client.post(join_url + "kode/", {"code": _code_in_last_email("nina@example.org")})
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize("name", ["", "   "])
def test_join_link_refuses_a_missing_name_and_keeps_the_address(client, join_url, ask, name):
    mail.outbox.clear()
    response = ask(client, join_url, {"full_name": name, "email": "uten.navn@example.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv hele navnet ditt." in html
    assert 'value="uten.navn@example.org"' in html
    assert mail.outbox == []
    assert not User.objects.filter(email="uten.navn@example.org").exists()


def test_logged_in_person_without_a_name_gives_it_when_joining(client, course, organisation, join_url):
    person = User.objects.create_user(email="navnlos@example.org")
    client.force_login(person)
    assert 'name="full_name"' in client.get(join_url).content.decode()
    response = client.post(join_url, {"full_name": " "})
    assert response.status_code == 400
    assert "Skriv hele navnet ditt." in response.content.decode()
    assert not Enrollment.objects.filter(user=person).exists()
    response = client.post(join_url, {"full_name": "Nils Navn"})
    assert response["Location"] == reverse("course:learner_course", args=[course.slug])
    person.refresh_from_db()
    assert person.full_name == "Nils Navn"
    assert Enrollment.objects.filter(user=person, organisation=organisation).exists()
