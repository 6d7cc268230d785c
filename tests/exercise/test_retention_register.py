"""The exercise's retention rule runs under the platform's one retention command (manage.py apply_retention)."""

from io import StringIO

import pytest
from django.core.management import call_command

from balanse.exercise.models import ExerciseSession, Vote

pytestmark = pytest.mark.django_db


def test_apply_retention_deletes_old_votes_once_and_keeps_the_session(past_retention):
    exercise_session, recent = past_retention

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert "exercise.ExerciseSession: 3" in out.getvalue()
    assert not Vote.objects.filter(scenario__session=exercise_session).exists()
    assert Vote.objects.filter(scenario__session=recent).count() == 1
    assert ExerciseSession.objects.filter(pk=exercise_session.pk).exists()
    again = StringIO()
    call_command("apply_retention", stdout=again)
    assert "exercise.ExerciseSession: 0" in again.getvalue()
