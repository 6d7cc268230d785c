"""Retention: the votes of old sessions are deleted, the sessions themselves kept."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balanse.core.audit import record
from balanse.exercise.models import ExerciseSession, Participant, SessionState, Vote


def cleanup_expired(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete the votes of sessions that ended (or started, if never ended) more than `days` ago. Idempotent."""
    now = now or timezone.now()
    days = settings.EXERCISE_RETENTION_DAYS if days is None else days
    limit = now - timedelta(days=days)
    deleted = 0
    sessions = ExerciseSession.objects.filter(votes_deleted_at__isnull=True).filter(
        ended_at__lt=limit
    ) | ExerciseSession.objects.filter(
        votes_deleted_at__isnull=True, ended_at__isnull=True, created_at__lt=limit
    )
    for session in sessions.distinct():
        with transaction.atomic():
            count, _detail = Vote.objects.filter(scenario__session=session).delete()
            Participant.objects.filter(session=session).delete()
            if session.state == SessionState.RUNNING:
                session.state = SessionState.ENDED
                session.ended_at = now
            session.votes_deleted_at = now
            session.save(update_fields=["state", "ended_at", "votes_deleted_at"])
            record(actor=None, action="exercise_session.votes_deleted", obj=session, votes=count)
            deleted += count
    return deleted
