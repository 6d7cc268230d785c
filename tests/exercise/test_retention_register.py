"""The exercise's retention rule runs under the platform's one retention command (manage.py apply_retention)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from balanse.exercise import services
from balanse.exercise.models import ExerciseSession, Vote
from tests.exercise.conftest import open_current
from tests.exercise.test_counting import _vote

pytestmark = pytest.mark.django_db


def test_apply_retention_deletes_old_votes_once_and_keeps_the_session(
    exercise_session, org_admin, default_template
):
    open_current(exercise_session, org_admin)
    _vote(exercise_session, exercise_session.scenarios.get(position=0), [1, 2, 3])
    recent = services.start_session(
        by=org_admin, template=default_template, organisation=exercise_session.organisation
    )
    open_current(recent, org_admin)
    _vote(recent, recent.scenarios.get(position=0), [7])
    services.end_session(session=exercise_session, by=org_admin)
    ExerciseSession.objects.filter(pk=exercise_session.pk).update(
        ended_at=timezone.now() - timedelta(days=31)
    )

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert "exercise.ExerciseSession: 3" in out.getvalue()
    assert not Vote.objects.filter(scenario__session=exercise_session).exists()
    assert Vote.objects.filter(scenario__session=recent).count() == 1
    assert ExerciseSession.objects.filter(pk=exercise_session.pk).exists()
    again = StringIO()
    call_command("apply_retention", stdout=again)
    assert "exercise.ExerciseSession: 0" in again.getvalue()
