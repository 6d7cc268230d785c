"""Every page of Balansepotten answers each role as it should."""

import pytest
from django.urls import reverse

from balanse.grants import services
from balanse.grants.models import Status
from tests.access import ROLES, assert_status
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# anonymous, member, admin, other_admin, operator, learner
OPERATOR_ONLY = ["login", 403, 403, 403, 200, 403]
PUBLIC = [200] * 6


@pytest.fixture
def objects(open_call):
    draft = ApplicationFactory(call=open_call, status=Status.DRAFT)
    granted = ApplicationFactory(call=open_call, status=Status.GRANTED, amount_granted=1000)
    return {"call": open_call, "draft": draft, "granted": granted}


GET_PAGES = [
    ("grants:overview", lambda o: [], OPERATOR_ONLY),
    ("grants:call_edit", lambda o: [o["call"].year], OPERATOR_ONLY),
    ("grants:letters", lambda o: [], OPERATOR_ONLY),
    ("grants:application", lambda o: [o["granted"].pk], OPERATOR_ONLY),
    ("grants:call", lambda o: [], PUBLIC),
    ("grants:apply", lambda o: [], PUBLIC),
    ("grants:draft", lambda o: [services.draft_token(o["draft"])], PUBLIC),
    ("grants:report", lambda o: [services.report_token(o["granted"])], PUBLIC),
]

POSTS = [
    ("grants:decide", lambda o: [o["granted"].pk]),
    ("grants:pay", lambda o: [o["granted"].pk]),
    ("grants:postpone", lambda o: [o["granted"].pk]),
    ("grants:resume", lambda o: [o["granted"].pk]),
    ("grants:application", lambda o: [o["granted"].pk]),
    ("grants:letters", lambda o: []),
    ("grants:call_edit", lambda o: [o["call"].year]),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_grant_pages_access_per_role(client_for, objects, name, args, expected, role_index):
    response = client_for(ROLES[role_index]).get(reverse(name, args=args(objects)))
    assert_status(response, expected[role_index])


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_grant_actions_are_for_the_operator_only(client_for, objects, name, args, role):
    response = client_for(role).post(reverse(name, args=args(objects)))
    assert_status(response, "login" if role == "anonymous" else 403)
    objects["granted"].refresh_from_db()
    assert objects["granted"].status == Status.GRANTED


def test_actions_answer_get_with_405(client_for, objects):
    response = client_for("operator").get(reverse("grants:pay", args=[objects["granted"].pk]))
    assert response.status_code == 405


def test_unknown_application_is_404_for_the_operator(client_for, objects):
    assert client_for("operator").get(reverse("grants:application", args=[99999])).status_code == 404
