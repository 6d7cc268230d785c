"""Every page of the advisory line answers each role as it should: the adviser opens inquiries; other operators
see counts only; nobody else sees anything."""

from datetime import date

import pytest
from django.urls import reverse

from balanse.advisory import services
from balanse.advisory.models import Inquiry
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

# anonymous, member, admin, other_admin, operator (without the role), learner, adviser
ALL_ROLES = [*ROLES, "adviser"]
ADVISER_ONLY = ["login", 403, 403, 403, 403, 403, 200]
COUNTS = ["login", 403, 403, 403, 200, 403, 200]


@pytest.fixture
def client_as(client_for, adviser, client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def _as(role):
        if role != "adviser":
            return client_for(role)
        TOTP.activate(adviser, generate_totp_secret())
        client.logout()
        client.force_login(adviser)
        return client

    return _as


@pytest.fixture
def inquiry(adviser):
    return services.log_inquiry(
        data={"date": date(2020, 3, 3), "channel": "telefon", "topic": "rasisme"},
        notes="Hemmelig",
        by=adviser,
    )


GET_PAGES = [
    ("advisory:overview", lambda i: [], COUNTS),
    ("advisory:new", lambda i: [], ADVISER_ONLY),
    ("advisory:inquiry", lambda i: [i.pk], ADVISER_ONLY),
    ("advisory:edit", lambda i: [i.pk], ADVISER_ONLY),
    ("advisory:advisers", lambda i: [], ADVISER_ONLY),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@pytest.mark.parametrize("role_index", range(len(ALL_ROLES)), ids=ALL_ROLES)
def test_advisory_pages_access_per_role(client_as, inquiry, name, args, expected, role_index):
    response = client_as(ALL_ROLES[role_index]).get(reverse(name, args=args(inquiry)))
    assert_status(response, expected[role_index])
    if expected[role_index] == 200 and ALL_ROLES[role_index] == "operator":
        assert "Hemmelig" not in response.content.decode()
        assert reverse("advisory:inquiry", args=[inquiry.pk]) not in response.content.decode()


POSTS = [
    ("advisory:new", lambda i, a: []),
    ("advisory:edit", lambda i, a: [i.pk]),
    ("advisory:advisers", lambda i, a: []),
    ("advisory:adviser_remove", lambda i, a: [a.pk]),
]


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "operator", "learner"])
def test_advisory_actions_are_for_advisers_only(client_as, inquiry, adviser, name, args, role):
    response = client_as(role).post(
        reverse(name, args=args(inquiry, adviser)),
        {"date": "2020-03-04", "channel": "e-post", "topic": "annet", "email": "x@example.org"},
    )
    assert_status(response, "login" if role == "anonymous" else 403)
    inquiry.refresh_from_db()
    assert inquiry.channel == "telefon"
    assert Inquiry.objects.count() == 1
    assert services.advisers().filter(pk=adviser.pk).exists()


def test_an_operator_cannot_open_an_inquiry_and_that_is_not_audited_as_an_opening(client_as, inquiry):
    from balanse.core.models import AuditEntry

    assert client_as("operator").get(reverse("advisory:inquiry", args=[inquiry.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="advisory.inquiry_opened").exists()


def test_the_adviser_role_is_given_to_staff_only_and_can_be_taken_away(
    client_as, adviser, operator, org_admin
):
    client = client_as("adviser")
    response = client.post(reverse("advisory:advisers"), {"email": org_admin.email})
    assert response.status_code == 400 and "Bare aktive i sekretariatet" in response.content.decode()
    response = client.post(reverse("advisory:advisers"), {"email": "ingen@example.org"})
    assert response.status_code == 400 and "Ingen har en konto" in response.content.decode()
    client.post(reverse("advisory:advisers"), {"email": operator.email.upper()})
    assert operator.has_perm("advisory.view_inquiries") or services.advisers().filter(pk=operator.pk).exists()
    client.post(reverse("advisory:adviser_remove", args=[operator.pk]))
    assert not services.advisers().filter(pk=operator.pk).exists()
    # An adviser cannot remove themself (someone must be left to give the role).
    assert client.post(reverse("advisory:adviser_remove", args=[adviser.pk])).status_code == 403


def test_the_role_is_given_and_taken_by_command(operator, org_admin):
    from io import StringIO

    from django.core.management import CommandError, call_command

    call_command("adviser_role", operator.email, stdout=StringIO())
    assert services.advisers().filter(pk=operator.pk).exists()
    assert operator.has_perm("advisory.view_inquiries")
    call_command("adviser_role", operator.email, "--remove", stdout=StringIO())
    operator = type(operator).objects.get(pk=operator.pk)  # permissions are cached on the user
    assert not operator.has_perm("advisory.view_inquiries")
    with pytest.raises(CommandError):
        call_command("adviser_role", org_admin.email, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("adviser_role", "ingen@example.org", stdout=StringIO())


def test_the_operator_overview_panel_hides_a_count_under_3_outside_the_role(client_as):
    from django.utils import timezone

    Inquiry.objects.create(date=timezone.localdate(), channel="telefon", topic="annet")
    operator_page = client_as("operator").get(reverse("core:dashboard")).content.decode()
    assert "&lt;3</strong> henvendelser i" in operator_page
    adviser_page = client_as("adviser").get(reverse("core:dashboard")).content.decode()
    assert "<strong>1</strong> henvendelser i" in adviser_page


def test_the_form_refuses_a_future_date_and_a_case_number_in_use(client_as, inquiry):
    Inquiry.objects.filter(pk=inquiry.pk).update(ref="R-1")
    client = client_as("adviser")
    data = {"date": "2020-03-04", "channel": "telefon", "topic": "annet", "ref": "R-1"}
    response = client.post(reverse("advisory:new"), data)
    assert (
        response.status_code == 400
        and "En annen henvendelse har dette saksnummeret." in response.content.decode()
    )
    response = client.post(
        reverse("advisory:new"), {**data, "ref": "", "date": "2999-01-01", "help_given": ["tull"]}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Datoen kan ikke være fram i tid." in body
    assert Inquiry.objects.count() == 1
