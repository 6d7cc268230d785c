"""Every page of the annual report answers each role as it should."""

import pytest
from django.urls import reverse

from balanse.report.models import AnnualReport, FinanceLine, Position, ReportState
from balanse.report.services import create_survey
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

# anonymous, member, admin, other_admin, operator, learner
OPERATOR_ONLY = ["login", 403, 403, 403, 200, 403]
EVERYONE = [200] * 6
DRAFT_HIDDEN = [404, 404, 404, 404, 200, 404]


@pytest.fixture
def objects(operator):
    position = Position.objects.create(year=2020, body="board", role="member", name="Kari")
    line = FinanceLine.objects.create(year=2020, line="Tilskudd", amount=100)
    survey = create_survey(year=2020, by=operator)
    AnnualReport.objects.create(year=2019, state=ReportState.DRAFT)
    return {"position": position, "line": line, "survey": survey, "question": survey.questions.first()}


GET_PAGES = [
    ("report:overview", lambda o: [], OPERATOR_ONLY),
    ("report:edit", lambda o: [2020], OPERATOR_ONLY),
    ("report:figures_json", lambda o: [2020], OPERATOR_ONLY),
    ("report:figures_csv", lambda o: [2020], OPERATOR_ONLY),
    ("report:board", lambda o: [2020], OPERATOR_ONLY),
    ("report:edit_position", lambda o: [o["position"].pk], OPERATOR_ONLY),
    ("report:finance", lambda o: [2020], OPERATOR_ONLY),
    ("report:survey", lambda o: [2020], OPERATOR_ONLY),
    ("report:published_list", lambda o: [], EVERYONE),
    ("report:answer_thanks", lambda o: [], EVERYONE),
    # A draft is the staff's; the public gets 404 until it is published.
    ("report:public", lambda o: [2019], DRAFT_HIDDEN),
    ("report:pdf", lambda o: [2019], DRAFT_HIDDEN),
]

POSTS = [
    ("report:save_text", lambda o: [2020]),
    ("report:publish", lambda o: [2020]),
    ("report:unpublish", lambda o: [2020]),
    ("report:save_facts", lambda o: [2020]),
    ("report:delete_position", lambda o: [o["position"].pk]),
    ("report:delete_line", lambda o: [o["line"].pk]),
    ("report:map_line", lambda o: [2020]),
    ("report:survey_create", lambda o: [2021]),
    ("report:survey_threshold", lambda o: [2020]),
    ("report:survey_question_add", lambda o: [2020]),
    ("report:survey_question", lambda o: [2020, o["question"].pk]),
    ("report:survey_question_delete", lambda o: [2020, o["question"].pk]),
    ("report:survey_send", lambda o: [2020]),
    ("report:survey_remind", lambda o: [2020]),
    ("report:survey_close", lambda o: [2020]),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_report_pages_access_per_role(client_for, objects, name, args, expected, role_index):
    client = client_for(ROLES[role_index])
    response = client.get(reverse(name, args=args(objects)))
    assert_status(response, expected[role_index])


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_report_actions_are_for_the_operator_only(client_for, objects, name, args, role):
    response = client_for(role).post(reverse(name, args=args(objects)))
    assert_status(response, "login" if role == "anonymous" else 403)


def test_actions_answer_get_with_405(client_for, objects):
    assert client_for("operator").get(reverse("report:publish", args=[2020])).status_code == 405


def test_a_published_report_is_public(client_for, objects, operator):
    from balanse.report.services import get_report, publish_report

    publish_report(report=get_report(2020), by=operator)
    for role in ROLES:
        client = client_for(role)
        assert client.get(reverse("report:public", args=[2020])).status_code == 200
    assert client.get(reverse("report:pdf", args=[2020]))["Content-Type"] == "application/pdf"


def test_an_impossible_year_is_404(client_for, objects):
    assert client_for("operator").get(reverse("report:edit", args=[12])).status_code == 404
    assert client_for("anonymous").get(reverse("report:public", args=[99999])).status_code == 404


def test_a_wrong_survey_link_is_404_and_tells_why(client):
    response = client.get(reverse("report:answer", args=["feil-lenke"]))
    assert response.status_code == 404
    assert "Denne lenken virker ikke lenger" in response.content.decode()
