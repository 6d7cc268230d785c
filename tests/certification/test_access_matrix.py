"""Every URL of Balansemerket × every role (tests.access.ROLES), GET and the POST actions.

The public register, verification page and request form ("Vil du ha Balansemerket?") are open to all; an organisation's certification page and its
application and submission are for its admins and the operator; the dashboard and every step of the
process are the operator's (certification/rules.py). The proof files (issuer, status list, credential
check, diploma, badge, credential) are covered role by role in tests/certification/proof/test_views.py."""

import pytest
from django.urls import reverse

from balanse.certification.models import (
    Certification,
    GuidanceMeeting,
    MarkRequest,
    ReviewComment,
    SchemeSettings,
    YearTarget,
)
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
OPERATOR_POST_ONLY = ["login", 403, 403, 403, 405, 403]  # the permission is checked before the method


@pytest.fixture(autouse=True)
def _no_request_limit(settings):
    """The public request form is rate limited per client; here one client posts it as every role."""
    settings.CERTIFICATION_REQUEST_RATE = "1000/3600"


@pytest.fixture
def objects(organisation, operator):
    certification = CertificationFactory(organisation=organisation, state=S.MEASURES, by=operator)
    certified = CertificationFactory(state=S.CERTIFIED, by=operator)
    return {
        "organisation": organisation,
        "certification": certification,
        "certified": certified,
        # Another organisation's submission, in review: the operator's draft comments and the award.
        "in_review": CertificationFactory(state=S.IN_REVIEW, by=operator),
        "comment": comment_on(certification, operator),
        # A comment on another organisation's certification, asked for through this one's address.
        "foreign_comment": comment_on(certified, operator),
        "request": MarkRequest.objects.create(
            organisation_name="Scene Nord", contact_name="Kari Kontakt", email="kari@scenenord.example"
        ),
    }


def comment_on(certification, operator):
    return ReviewComment.objects.create(
        certification=certification,
        cycle=certification.cycle,
        requirement_key="rules",
        text="Reglene mangler noe om turné.",
        author=operator,
    )


def org(o):
    return [o["organisation"].pk]


def cert(o):
    return [o["certification"].pk]


def in_review(o):
    return [o["in_review"].pk]


def comment(key):
    return lambda o: [o["certification"].pk, o[key].pk]


MEETING = {"meeting-date": "2026-03-02", "meeting-notes": "Gikk gjennom reglene."}
APPLICATION = {
    "contact_name": "Kari Kontakt",
    "contact_email": "kari@virksomhet.example",
    "contact_phone": "",
    "size": "10-49",
    "hopes": "Trygge rutiner for turné.",
    "preferred_course_time": "En formiddag i mars",
}
MARK_REQUEST = {
    "organisation_name": "Teater Sør",
    "org_number": "",
    "municipality": "Kristiansand",
    "contact_name": "Ola Nordmann",
    "email": "ola@teatersor.example",
    "phone": "",
    "message": "Hva koster det?",
}
# The answer form's prefix is its comment ("c<pk>"); filled in by fill().
ANSWER = {"c{comment.pk}-text": "Reglene har fått et avsnitt om turné."}
CONVERT = {
    "name": "Scene Nord",
    "org_number": "",
    "municipality": "Tromsø",
    "email": "kari@scenenord.example",
}

ROWS = [
    # The public.
    Row("certification:registry", lambda o: [], EVERYONE),
    Row("certification:verify", lambda o: [o["certified"].certificate_number], EVERYONE),
    Row("certification:verify", lambda o: ["BM-1999-999"], [404] * 6, label="unknown"),
    # "Vil du ha Balansemerket?": anyone may ask, without an account.
    Row("certification:request_form", lambda o: [], EVERYONE),
    Row("certification:request_form", lambda o: [], EVERYONE, method="post", data=MARK_REQUEST),
    Row("certification:request_form", lambda o: [], [400] * 6, method="post", label="empty form"),
    # The organisation's admins.
    Row("certification:organisation", org, ORG_ADMINS),
    Row("certification:organisation", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:organisation_history", org, ORG_ADMINS),
    Row("certification:organisation_history", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:apply", org, POST_ONLY),
    # Already ongoing: refused with a message, back to the page.
    Row("certification:apply", org, ORG_ADMINS_DONE, method="post", data=APPLICATION),
    # The application form with errors is shown again on the organisation's page.
    Row("certification:apply", org, ["login", 403, 400, 403, 400, 403], method="post", label="empty form"),
    Row("certification:submit", cert, POST_ONLY),
    # Measures not complete: refused with a message, back to the page.
    Row("certification:submit", cert, ORG_ADMINS_DONE, method="post"),
    Row("certification:submit", lambda o: [999999], NOT_FOUND, method="post", label="missing"),
    Row("certification:answer", comment("comment"), POST_ONLY),
    Row("certification:answer", comment("comment"), ORG_ADMINS_DONE, method="post", data=ANSWER),
    Row(
        "certification:answer",
        comment("foreign_comment"),
        ["login", 403, 404, 403, 404, 403],
        method="post",
        label="another certification's comment",
        data={"c{foreign_comment.pk}-text": "Fikset."},
    ),
    Row("certification:answer", lambda o: [999999, 1], NOT_FOUND, method="post", label="missing"),
    # The operator.
    Row("certification:dashboard", lambda o: [], OPERATOR),
    Row("certification:list", lambda o: [], OPERATOR),
    Row("certification:set_target", lambda o: [], POST_ONLY),
    Row(
        "certification:set_target",
        lambda o: [],
        OPERATOR_DONE,
        method="post",
        data={"year": 2031, "target": 9},
    ),
    Row("certification:set_response_time", lambda o: [], POST_ONLY),
    Row(
        "certification:set_response_time",
        lambda o: [],
        OPERATOR_DONE,
        method="post",
        data={"response_time": "innen tre uker"},
    ),
    Row("certification:request", lambda o: [o["request"].pk], OPERATOR),
    # Made into an organisation, its contact person invited as administrator.
    Row("certification:request", lambda o: [o["request"].pk], OPERATOR_DONE, method="post", data=CONVERT),
    Row(
        "certification:request",
        lambda o: [o["request"].pk],
        ["login", 403, 403, 403, 400, 403],
        method="post",
        label="empty form",
    ),
    Row("certification:request", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:request_close", lambda o: [o["request"].pk], POST_ONLY),
    Row("certification:request_close", lambda o: [o["request"].pk], OPERATOR_DONE, method="post"),
    Row("certification:manage", cert, OPERATOR),
    Row("certification:manage", lambda o: [999999], NOT_FOUND, label="missing"),
    Row("certification:history", cert, OPERATOR),
    Row("certification:history", lambda o: [999999], NOT_FOUND, label="missing"),
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
    Row("certification:review_draft", in_review, OPERATOR_POST_ONLY),
    Row(
        "certification:review_draft",
        in_review,
        OPERATOR,
        method="post",
        data={"review-comment_rules": "Reglene mangler noe om turné."},
    ),
    # Not in review: no draft (409), and never for the organisation's own admins.
    Row(
        "certification:review_draft",
        cert,
        ["login", 403, 403, 403, 409, 403],
        method="post",
        label="measures",
    ),
    Row("certification:award", in_review, OPERATOR),
    Row(
        "certification:award",
        in_review,
        OPERATOR_DONE,
        method="post",
        data={"valid_from": "", "version": "{in_review.version}"},
    ),
    # Without the version seen (or with an outdated one): refused as a conflict, nothing awarded.
    Row(
        "certification:award",
        in_review,
        ["login", 403, 403, 403, 400, 403],
        method="post",
        label="no version",
        data={"valid_from": ""},
    ),
    Row(
        "certification:award",
        in_review,
        ["login", 403, 403, 403, 400, 403],
        method="post",
        label="bad date",
        data={"valid_from": "ikke en dato"},
    ),
    # Only a submission in review: back to the certification with a message.
    Row("certification:award", cert, OPERATOR_DONE, label="measures"),
    Row("certification:award", cert, OPERATOR_DONE, method="post", label="measures"),
]


def test_every_url_of_the_app_has_a_row():
    assert not missing_rows("certification", ROWS) - PROOF_URLS
    assert access_matrix.url_names("certification") >= PROOF_URLS


@pytest.mark.parametrize("row", params(ROWS))
def test_access(role_client, objects, row):
    check_row(role_client, row, reverse(row.name, args=row.args(objects)), fill(row.data, objects))


def fill(data: dict, objects: dict) -> dict:
    """ "{comment.pk}" in a field name or value is filled in from the objects (the answer form's prefix, a
    certification's version)."""
    return {
        key.format(**objects): value.format(**objects) if isinstance(value, str) else value
        for key, value in data.items()
    }


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


def test_the_admin_can_answer_a_comment(role_client, objects):
    """The allowed answer above is saved (its 302 is not a refusal with a message)."""
    url = reverse("certification:answer", args=comment("comment")(objects))
    role_client("admin").post(url, fill(ANSWER, objects))
    assert ReviewComment.objects.get(pk=objects["comment"].pk).reply.startswith("Reglene har fått")


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_refused_roles_change_nothing_in_the_new_steps(role_client, objects, role):
    client = role_client(role)
    in_review, request_obj = objects["in_review"], objects["request"]
    client.post(reverse("certification:award", args=[in_review.pk]), {"version": in_review.version})
    client.post(reverse("certification:review_draft", args=[in_review.pk]), {"review-comment_rules": "Nei"})
    client.post(reverse("certification:request", args=[request_obj.pk]), CONVERT)
    client.post(reverse("certification:request_close", args=[request_obj.pk]))
    client.post(reverse("certification:set_response_time"), {"response_time": "aldri"})
    url = reverse("certification:answer", args=comment("foreign_comment")(objects))
    client.post(url, fill({"c{foreign_comment.pk}-text": "Nei"}, objects))
    in_review.refresh_from_db()
    request_obj.refresh_from_db()
    assert in_review.state == S.IN_REVIEW
    assert not in_review.review_drafts.exists()
    assert request_obj.state == MarkRequest.State.NEW
    assert SchemeSettings.current().response_time != "aldri"
    assert ReviewComment.objects.get(pk=objects["foreign_comment"].pk).reply == ""


def test_the_operator_can_act(role_client, objects):
    """The allowed POST above really does what it says (so the refusals are not a broken URL)."""
    role_client("operator").post(reverse("certification:act", args=[*cert(objects), "meeting"]), MEETING)
    meeting = GuidanceMeeting.objects.get(certification=objects["certification"])
    assert meeting.date.isoformat() == "2026-03-02"
