"""Votes are idempotent per participant, scenario and relation; results suppress small groups; retention."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balanse.exercise import queries, services
from balanse.exercise.models import ExerciseSession, Participant, Vote
from tests.exercise.conftest import open_current, vote_as_new_phones

pytestmark = pytest.mark.django_db

votes = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 2), st.integers(1, 10)),  # participant, relation, value
    min_size=0,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=votes)
def test_counts_equal_last_answer_of_each_token(exercise_session, org_admin, sequence):
    Vote.objects.all().delete()
    Participant.objects.all().delete()
    from django.core.cache import cache

    cache.clear()
    scenario = exercise_session.scenarios.get(position=0)
    if scenario.phase != "open":
        open_current(exercise_session, org_admin)
        scenario.refresh_from_db()
    participants = [services.join(session=exercise_session) for _ in range(6)]
    last: dict[tuple[int, int], int] = {}
    for who, relation, value in sequence:
        services.cast_votes(participant=participants[who], scenario=scenario, values={relation: value})
        last[(who, relation)] = value
    expected = {relation: [0] * 10 for relation in range(3)}
    for (_who, relation), value in last.items():
        expected[relation][value - 1] += 1
    counts = queries.raw_counts(exercise_session)
    for relation in range(3):
        assert counts.get((scenario.pk, relation), [0] * 10) == expected[relation]
    assert Vote.objects.count() == len(last)


def test_results_hidden_until_revealed_and_suppressed_under_five(exercise_session, org_admin):
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    vote_as_new_phones(exercise_session, scenario, [1, 2, 3, 4])
    services.set_phase(session=exercise_session, scenario=scenario, phase="closed", by=org_admin)
    assert queries.results(exercise_session)[0].distributions == []  # not revealed
    services.set_phase(session=exercise_session, scenario=scenario, phase="revealed", by=org_admin)
    colleague = queries.results(exercise_session)[0].distributions[0]
    assert (colleague.shown, colleague.n, colleague.counts, colleague.median) == (False, 4, [0] * 10, None)


def test_results_shown_from_five_answers(exercise_session, org_admin):
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    vote_as_new_phones(exercise_session, scenario, [1, 1, 2, 9, 10])
    for phase in ("closed", "revealed"):
        services.set_phase(session=exercise_session, scenario=scenario, phase=phase, by=org_admin)
    colleague, manager, _partner = queries.results(exercise_session)[0].distributions
    assert colleague.shown is True
    assert colleague.counts == [2, 1, 0, 0, 0, 0, 0, 0, 1, 1]
    assert (colleague.n, colleague.median, colleague.q1, colleague.q3) == (5, 2, 1, 9)
    assert colleague.agreement == "Stor uenighet"
    assert (manager.shown, manager.n) == (False, 0)


def test_screen_shows_counts_only_after_reveal(admin_client, exercise_session, org_admin):
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    vote_as_new_phones(exercise_session, scenario, [3, 3, 3, 4, 4])
    url = f"/fasilitator/ovelse/{exercise_session.pk}/"
    html = admin_client.get(url).content.decode()
    assert "5 personer har svart." in html
    assert 'data-testid="answers"' not in html
    for phase in ("closed", "revealed"):
        services.set_phase(session=exercise_session, scenario=scenario, phase=phase, by=org_admin)
    html = admin_client.get(url).content.decode()
    assert html.count('data-testid="answers">5<') == 1
    assert "Stor grad av enighet" in html
    assert html.count("Færre enn 5 svar: vises ikke.") == 2


def test_summary_orders_by_disagreement(admin_client, exercise_session, org_admin):
    first = open_current(exercise_session, org_admin)
    vote_as_new_phones(exercise_session, first, [5, 5, 5, 5, 5])
    services.go_to(session=exercise_session, index=1, by=org_admin)
    exercise_session.refresh_from_db()
    second = open_current(exercise_session, org_admin)
    vote_as_new_phones(exercise_session, second, [1, 1, 10, 10, 5])
    summary = queries.summary(exercise_session)
    assert [r.scenario.position for r in summary.played] == [
        1,
        0,
    ]  # only the played ones, most disputed first
    assert summary.not_played == exercise_session.scenarios.count() - 2
    html = admin_client.get(f"/fasilitator/ovelse/{exercise_session.pk}/oppsummering/").content.decode()
    assert "Hvilke regler kan sørge for at alle trives?" in html
    assert html.index("Spør om du har gått ned i vekt") < html.index(
        "Forteller deg at antrekket ditt er sexy"
    )
    assert "8 scenarioer ble ikke spilt (ingen svarte på dem) og vises ikke." in html
    assert "Sender deg et delvis avkledd bilde" not in html  # not played: not listed
    assert html.count("Færre enn 5 svar") == 2 * (len(exercise_session.relations) - 1)  # played ones only


def test_min_answers_cannot_go_below_five(exercise_session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseSession.objects.filter(pk=exercise_session.pk).update(min_answers=4)


def test_cleanup_deletes_votes_after_retention_and_is_idempotent(past_retention):
    exercise_session, recent = past_retention
    out = io.StringIO()
    call_command("cleanup_exercises", stdout=out)
    assert out.getvalue() == "Deleted 3 votes from sessions older than 30 days.\n"
    assert Vote.objects.filter(scenario__session=exercise_session).count() == 0
    assert Vote.objects.filter(scenario__session=recent).count() == 1
    exercise_session.refresh_from_db()
    assert exercise_session.votes_deleted_at is not None
    stamp = exercise_session.votes_deleted_at
    assert services.cleanup_expired() == 0
    exercise_session.refresh_from_db()
    assert exercise_session.votes_deleted_at == stamp
    # A session left running is cleaned up the same number of days after it started.
    assert services.cleanup_expired(now=timezone.now() + timedelta(days=31)) == 1
    recent.refresh_from_db()
    assert (recent.state, Participant.objects.filter(session=recent).count()) == ("ended", 0)
