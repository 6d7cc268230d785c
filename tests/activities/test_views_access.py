"""Every page of the activity register answers each role as it should."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balanse.activities.models import ActivityType, Registration, RegistrationState, SupplementaryEntry
from tests.access import ROLES, assert_status
from tests.activities.factories import ActivityFactory, activity_type

pytestmark = pytest.mark.django_db

# anonymous, member, admin, other_admin, operator, learner
OPERATOR_ONLY = ["login", 403, 403, 403, 200, 403]
EVERYONE = [200] * 6


@pytest.fixture
def objects():
    activity = ActivityFactory(date=date(2020, 3, 1))
    upcoming = ActivityFactory(
        date=timezone.localdate() + timedelta(days=10), start_time=time(18), registration=True, capacity=5
    )
    closed = ActivityFactory(date=timezone.localdate() + timedelta(days=10), public=False)
    entry = SupplementaryEntry.objects.create(
        year=2020, type=activity_type("kurs"), count=2, note="Ikke listet"
    )
    registration = Registration.objects.create(
        activity=upcoming, name="Kari", email="kari@example.org", state=RegistrationState.CONFIRMED
    )
    return {
        "activity": activity,
        "upcoming": upcoming,
        "closed": closed,
        "entry": entry,
        "type": ActivityType.objects.first(),
        "registration": registration,
    }


GET_PAGES = [
    ("activities:list", lambda o: [], OPERATOR_ONLY),
    ("activities:export", lambda o: [], OPERATOR_ONLY),
    ("activities:add", lambda o: [], OPERATOR_ONLY),
    ("activities:edit", lambda o: [o["activity"].pk], OPERATOR_ONLY),
    ("activities:types", lambda o: [], OPERATOR_ONLY),
    ("activities:type_edit", lambda o: [o["type"].pk], OPERATOR_ONLY),
    ("activities:figures", lambda o: [], OPERATOR_ONLY),
    ("activities:supplement_edit", lambda o: [o["entry"].pk], OPERATOR_ONLY),
    ("activities:calendar", lambda o: [], EVERYONE),
    ("activities:calendar_feed", lambda o: [], EVERYONE),
    ("activities:calendar_detail", lambda o: [o["upcoming"].pk], EVERYONE),
    ("activities:cancel_registration", lambda o: [o["registration"].token], EVERYONE),
    # A closed activity is not in the calendar for anyone.
    ("activities:calendar_detail", lambda o: [o["closed"].pk], [404] * 6),
    ("activities:cancel_registration", lambda o: ["ukjent"], [404] * 6),
]

POSTS = [
    ("activities:delete", lambda o: [o["activity"].pk]),
    ("activities:supplement_delete", lambda o: [o["entry"].pk]),
    ("activities:edit", lambda o: [o["activity"].pk]),
    ("activities:add", lambda o: []),
    ("activities:types", lambda o: []),
    ("activities:type_edit", lambda o: [o["type"].pk]),
    ("activities:figures", lambda o: []),
    ("activities:supplement_edit", lambda o: [o["entry"].pk]),
]


@pytest.mark.parametrize(
    ("name", "args", "expected"), GET_PAGES, ids=[f"{p[0]}-{i}" for i, p in enumerate(GET_PAGES)]
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_activity_pages_access_per_role(client_for, objects, name, args, expected, role_index):
    client = client_for(ROLES[role_index])
    response = client.get(reverse(name, args=args(objects)))
    assert_status(response, expected[role_index])


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_activity_actions_are_for_the_operator_only(client_for, objects, name, args, role):
    response = client_for(role).post(reverse(name, args=args(objects)))
    assert_status(response, "login" if role == "anonymous" else 403)
    assert SupplementaryEntry.objects.filter(pk=objects["entry"].pk).exists()


def test_delete_answers_get_with_405(client_for, objects):
    assert (
        client_for("operator").get(reverse("activities:delete", args=[objects["activity"].pk])).status_code
        == 405
    )
