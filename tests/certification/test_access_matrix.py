"""Every URL of Balansemerket × every role (tests.access.ROLES), GET and the POST actions.

The public register and verification page are open to all; an organisation's certification page and its
application and submission are for its admins and the operator; the dashboard and every step of the
process are the operator's (certification/rules.py). The proof files (issuer, status list, credential
check, diploma, badge, credential) are covered role by role in tests/certification/proof/test_views.py."""

import pytest
from django.urls import reverse

from balanse.certification.models import Certification, GuidanceMeeting, YearTarget
from tests import access_matrix
from tests.access_matrix import Row, check_row, missing_rows, params
from tests.certification.factories import CertificationFactory

pytestmark = pytest.mark.django_db
role_client = access_matrix.role_client
S = Certification.State

# Covered for every role by tests/certification/proof/test_views.py (they need the signing-key fixtures there).
PROOF_URLS = {
    "certification:issuer",
    "certification:status_list",
    "certification:check_credential",
    "certification:diploma",
    "certification:badge",
    "certification:credential",
}

# ROLES: anonymous, member, admin, other_admin, operator, learner
EVERYONE = [200] * 6
ORG_ADMINS = ["login", 403, 200, 403, 200, 403]  # the organisation's admins, and the operator
ORG_ADMINS_DONE = ["login", 403, 302, 403, 302, 403]
OPERATOR = ["login", 403, 403, 403, 200, 403]
OPERATOR_DONE = ["login", 403, 403, 403, 302, 403]
POST_ONLY = ["login", 405, 405, 405, 405, 405]
NOT_FOUND = ["login", 404, 404, 404, 404, 404]


@pytest.fixture
def objects(organisation, operator):
    return {
        "organisation": organisation,
        "certification": CertificationFactory(organisation=organisation, state=S.MEASURES, by=operator),
        "certified": CertificationFactory(state=S.CERTIFIED, by=operator),
    }


def org(o):
    return [o["organisation"].pk]


def cert(o):
    return [o["certification"].pk]


MEETING = {"meeting-date": "2026-03-02", "meeting-notes": "Gikk gjennom reglene."}

ROWS = [
    # The public.
    Row("certification:registry", lambda o: [], EVERYONE),
    Row("certification:verify", lambda o: [o["certified"].certificate_number], EVERYONE),
    Row("certification:verify", lambda o: ["BM-1999-999"], [404] * 6, label="unknown"),
    # The organisation's admins.
    Row("certification:organisation", org, ORG_ADMINS),
    Row("certification:organisation", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:apply", org, POST_ONLY),
    # Already ongoing: refused with a message, back to the page.
    Row("certification:apply", org, ORG_ADMINS_DONE, method="post"),
    Row("certification:submit", cert, POST_ONLY),
    # Measures not complete: refused with a message, back to the page.
    Row("certification:submit", cert, ORG_ADMINS_DONE, method="post"),
    Row("certification:submit", lambda o: [999999], NOT_FOUND, method="post", label="missing"),
    # The operator.
    Row("certification:dashboard", lambda o: [], OPERATOR),
    Row("certification:set_target", lambda o: [], POST_ONLY),
    Row(
        "certification:set_target",
        lambda o: [],
        OPERATOR_DONE,
        method="post",
        data={"year": 2031, "target": 9},
    ),
    Row("certification:manage", cert, OPERATOR),
    Row("certification:manage", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:act", lambda o: [*cert(o), "meeting"], POST_ONLY),
    Row("certification:act", lambda o: [*cert(o), "meeting"], OPERATOR_DONE, method="post", data=MEETING),
    # A form with errors is shown again (400), keeping what was typed.
    Row(
        "certification:act",
        lambda o: [*cert(o), "meeting"],
        ["login", 403, 403, 403, 400, 403],
        method="post",
        label="empty form",
    ),
    Row(
        "certification:act",
        lambda o: [*cert(o), "finnes-ikke"],
        ["login", 403, 403, 403, 404, 403],
        method="post",
        label="unknown step",
    ),
]


def test_every_url_of_the_app_has_a_row():
    assert not missing_rows("certification", ROWS) - PROOF_URLS
    assert access_matrix.url_names("certification") >= PROOF_URLS


@pytest.mark.parametrize("row", params(ROWS))
def test_access(role_client, objects, row):
    check_row(role_client, row, reverse(row.name, args=row.args(objects)))


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_refused_roles_change_nothing(role_client, objects, role):
    client = role_client(role)
    certification = objects["certification"]
    client.post(reverse("certification:act", args=[certification.pk, "meeting"]), MEETING)
    client.post(
        reverse("certification:act", args=[certification.pk, "withdraw"]),
        {"withdraw-reason": "Nei", "withdraw-version": certification.version},
    )
    client.post(reverse("certification:set_target"), {"year": 2031, "target": 9})
    certification.refresh_from_db()
    assert certification.state == S.MEASURES
    assert not GuidanceMeeting.objects.filter(certification=certification).exists()
    assert not YearTarget.objects.filter(year=2031).exists()


def test_the_operator_can_act(role_client, objects):
    """The allowed POST above really does what it says (so the refusals are not a broken URL)."""
    role_client("operator").post(reverse("certification:act", args=[*cert(objects), "meeting"]), MEETING)
    meeting = GuidanceMeeting.objects.get(certification=objects["certification"])
    assert meeting.date.isoformat() == "2026-03-02"
