"""Joining a session: a phone becomes an anonymous participant (a random token, nothing else)."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy

from balanse.core import ratelimit
from balanse.core.ratelimit import RateLimited
from balanse.exercise import broker
from balanse.exercise.models import ExerciseSession, Participant, SessionState


@dataclass
class JoinRequest:
    """A phone that asks to join the session with this code; `token` is the cookie it already has, if any."""

    code: str
    token: str = ""


@dataclass
class JoinOutcome:
    status: (
        int  # 200 joined now (or already), 400 refused (ended, full), 404 no such session, 429 rate-limited
    )
    code: str = ""
    token: str = ""  # the new participant's token (empty when the phone had joined already or was refused)
    message: str = ""  # lazy, translated by whoever shows it


ENDED = gettext_lazy("This session has ended.")
FULL = gettext_lazy("This session is full.")
JOINING_TOO_FAST = gettext_lazy("Many people are joining right now. Wait a few seconds and try again.")


def join_many(requests: list[JoinRequest]) -> list[JoinOutcome]:
    """New anonymous participants (a random token each, nothing else) for many phones in ONE transaction
    (group commit, like votes): the sessions are locked while their caps are checked, so joins that arrive
    together, in any number of server processes, never pass the cap; the rate limit is one Redis round trip."""
    outcomes: list[JoinOutcome | None] = [None] * len(requests)
    with transaction.atomic():
        sessions = {
            s.code: s
            for s in ExerciseSession.objects.select_for_update()
            .filter(code__in={r.code for r in requests})
            .only("pk", "code", "state", "participant_cap")
        }
        known = set(
            Participant.objects.filter(token__in={r.token for r in requests if r.token}).values_list(
                "session_id", "token"
            )
        )
        counts = dict(
            Participant.objects.filter(session__in=sessions.values())
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values_list("session", "n")
        )
        wanting = []
        for i, request in enumerate(requests):
            session = sessions.get(request.code)
            if session is None:
                outcomes[i] = JoinOutcome(status=404)
            elif request.token and (session.pk, request.token) in known:
                outcomes[i] = JoinOutcome(status=200, code=session.code)  # joined already
            elif session.state != SessionState.RUNNING:
                outcomes[i] = JoinOutcome(status=400, code=session.code, message=ENDED)
            else:
                wanting.append((i, session))
        allowed = ratelimit.hit_many(
            [f"exercise:join:{session.pk}" for _i, session in wanting],
            settings.EXERCISE_JOIN_RATE_PER_SESSION,
        )
        new = []
        for (i, session), ok in zip(wanting, allowed, strict=True):
            cap = session.participant_cap or settings.EXERCISE_PARTICIPANT_CAP
            if not ok:
                outcomes[i] = JoinOutcome(status=429, code=session.code, message=JOINING_TOO_FAST)
            elif counts.get(session.pk, 0) >= cap:
                outcomes[i] = JoinOutcome(status=400, code=session.code, message=FULL)
            else:
                counts[session.pk] = counts.get(session.pk, 0) + 1
                participant = Participant(session=session, token=secrets.token_urlsafe(32))
                new.append(participant)
                outcomes[i] = JoinOutcome(status=200, code=session.code, token=participant.token)
        Participant.objects.bulk_create(new)
        for session_pk in sorted({p.session_id for p in new}):
            transaction.on_commit(
                lambda pk=session_pk: broker.publish(broker.screen_channel(pk), {"type": "joined"})
            )
    return outcomes


def join(*, session: ExerciseSession) -> Participant:
    """A new anonymous participant: a random token, nothing else."""
    (outcome,) = join_many([JoinRequest(code=session.code)])
    if outcome.status == 429:
        raise RateLimited
    if outcome.status != 200:
        raise ValidationError(str(outcome.message or ENDED))
    participant = Participant.objects.get(token=outcome.token)
    participant.session = session
    return participant
