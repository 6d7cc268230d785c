"""Every view, every role."""

import pytest

from balanse.workbook import services
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

READ_VIEWS = [
    "/tiltak/{wb}/",
    "/tiltak/{wb}/kartlegging/",
    "/tiltak/{wb}/regler/",
    "/tiltak/{wb}/rutiner/",
    "/tiltak/{wb}/konsekvenser/",
    "/tiltak/{wb}/ansvar/",
    "/tiltak/{wb}/kontraktsklausul/",
    "/tiltak/{wb}/snakk-om-det/",
    "/tiltak/{wb}/regler/historikk/",
    "/tiltak/{wb}/endringer/",
    "/tiltak/{wb}/plan/",
    "/tiltak/{wb}/plan.pdf",
    "/tiltak/{wb}/plan.docx",
    "/tiltak/{wb}/kontraktsklausul/tekst/",
]
READ_EXPECTED = {
    "anonymous": "login",
    "member": 200,
    "admin": 200,
    "other_admin": 403,
    "operator": 200,
    "learner": 403,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", READ_VIEWS)
def test_read_views_access_by_role(client_for, workbook, role, url):
    response = client_for(role).get(url.format(wb=workbook.pk))
    assert_status(response, READ_EXPECTED[role])


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", "login"),
        ("member", 302),
        ("admin", 302),
        ("other_admin", 403),
        ("operator", 302),
        ("learner", 403),
    ],
)
def test_organisation_workbook_access_by_role(client_for, workbook, role, expected):
    response = client_for(role).get(f"/virksomhet/{workbook.organisation_id}/tiltak/")
    assert_status(response, expected)
    if expected == 302:
        assert response.url == f"/tiltak/{workbook.pk}/"


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", "login"),
        ("member", 302),
        ("admin", 302),
        ("other_admin", 403),
        ("operator", 403),
        ("learner", 403),
    ],
)
def test_section_save_access_by_role(client_for, workbook, role, expected):
    response = client_for(role).post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 0, "stand": "Vi står sammen.", "signed_by": ""}
    )
    assert_status(response, expected)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", "login"),
        ("member", 302),
        ("admin", 302),
        ("other_admin", 403),
        ("operator", 403),
        ("learner", 403),
    ],
)
def test_add_rule_access_by_role(client_for, workbook, role, expected):
    response = client_for(role).post(f"/tiltak/{workbook.pk}/regler/ny/", {"text": "Vi bruker navn."})
    assert_status(response, expected)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", "login"),
        ("member", 403),
        ("admin", 200),
        ("other_admin", 403),
        ("operator", 403),
        ("learner", 403),
    ],
)
def test_shares_access_by_role(client_for, workbook, role, expected):
    response = client_for(role).get(f"/virksomhet/{workbook.organisation_id}/tiltaksplan/deling/")
    assert_status(response, expected)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", "login"),
        ("member", 403),
        ("admin", 302),
        ("other_admin", 403),
        ("operator", 403),
        ("learner", 403),
    ],
)
def test_revoke_access_by_role(client_for, workbook, org_admin, role, expected):
    services.share_plan(organisation=workbook.organisation, by=org_admin)
    share = workbook.organisation.plan_shares.get()
    response = client_for(role).post(
        f"/virksomhet/{workbook.organisation_id}/tiltaksplan/deling/{share.pk}/trekk-tilbake/"
    )
    assert_status(response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_shared_plan_opens_for_everyone(client_for, workbook, org_admin, role):
    token = services.share_plan(organisation=workbook.organisation, by=org_admin)
    assert_status(client_for(role).get(f"/plan/{token}/"), 200)


def test_shared_plan_link_is_never_cached(client, workbook, org_admin):
    token = services.share_plan(organisation=workbook.organisation, by=org_admin)
    response = client.get(f"/plan/{token}/")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
