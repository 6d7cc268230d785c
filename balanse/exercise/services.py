"""Business rules of the live exercise. Each function runs in one transaction and writes the audit log
(participants' actions are anonymous and are not audited one by one)."""

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import ratelimit
from balanse.core.audit import record
from balanse.exercise import broker
from balanse.exercise.models import (
    PHASE_TRANSITIONS,
    ExerciseSession,
    ExerciseTemplate,
    Mode,
    Participant,
    Phase,
    Scenario,
    SessionState,
    Vote,
    new_code,
)

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "exercise"
DEFAULT_SLUG = "ok-eller-ikke-ok"


RateLimited = ratelimit.RateLimited


# ---------------------------------------------------------------- default content and templates


def load_default_template() -> ExerciseTemplate:
    """Create or update the default exercise from content/exercise/ (idempotent)."""
    data = json.loads((CONTENT_DIR / f"{DEFAULT_SLUG}.json").read_text(encoding="utf-8"))
    template, _created = ExerciseTemplate.objects.update_or_create(
        slug=data["slug"],
        is_default=True,
        defaults={
            "title": data["title"],
            "intro": data["intro"],
            "scenarios": data["scenarios"],
            "relations": data["relations"],
            "questions": data["questions"],
        },
    )
    return template


def default_template() -> ExerciseTemplate | None:
    return ExerciseTemplate.objects.filter(is_default=True, slug=DEFAULT_SLUG).first()


@transaction.atomic
def save_template(*, by, template: ExerciseTemplate | None, organisation, data: dict) -> ExerciseTemplate:
    """Create a copy (template=None) or update an own copy. The default template itself is never edited here."""
    if template is not None and template.is_default:
        raise ValidationError(_("The default exercise cannot be changed; make a copy instead."))
    creating = template is None
    if creating:
        template = ExerciseTemplate(organisation=organisation, created_by=by)
    for field in ("title", "intro", "scenarios", "relations", "questions"):
        setattr(template, field, data[field])
    template.save()
    record(
        actor=by, action="exercise_template.create" if creating else "exercise_template.update", obj=template
    )
    return template


# ---------------------------------------------------------------- sessions


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_code()
        if not ExerciseSession.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not find a free session code")


@transaction.atomic
def start_session(
    *, by, template: ExerciseTemplate, organisation, mode: str = Mode.PRESENTER, participant_cap: int = 0
) -> ExerciseSession:
    cap = min(participant_cap or settings.EXERCISE_PARTICIPANT_CAP, settings.EXERCISE_PARTICIPANT_CAP)
    session = ExerciseSession.objects.create(
        title=template.title,
        code=_unique_code(),
        mode=mode,
        relations=list(template.relations),
        questions=list(template.questions),
        organisation=organisation,
        template=template,
        created_by=by,
        participant_cap=cap,
    )
    first_phase = Phase.OPEN if mode == Mode.SELF else Phase.PENDING
    Scenario.objects.bulk_create(
        Scenario(session=session, position=i, text=text, phase=first_phase)
        for i, text in enumerate(template.scenarios)
    )
    record(actor=by, action="exercise_session.start", obj=session, mode=mode, template=template.pk)
    return session


def state_of(session: ExerciseSession, scenario: Scenario | None = None) -> dict:
    """The public state every phone follows (no votes, nothing personal)."""
    if scenario is None and session.mode == Mode.PRESENTER:
        scenario = session.scenarios.filter(position=session.current_index).first()
    return {
        "type": "state",
        "version": session.version,
        "state": session.state,
        "mode": session.mode,
        "index": session.current_index,
        "scenario": scenario.pk if scenario else None,
        "phase": scenario.phase if scenario else None,
    }


def _announce(session: ExerciseSession, scenario: Scenario | None = None) -> None:
    state = state_of(session, scenario)
    transaction.on_commit(lambda: broker.publish(broker.participants_channel(session.pk), state))
    transaction.on_commit(lambda: broker.publish(broker.screen_channel(session.pk), state))


def _bump(session: ExerciseSession) -> None:
    ExerciseSession.objects.filter(pk=session.pk).update(version=F("version") + 1)
    session.refresh_from_db(fields=["version"])


def _require_running(session: ExerciseSession) -> None:
    if session.state != SessionState.RUNNING:
        raise ValidationError(_("This session has ended."))


@transaction.atomic
def set_phase(*, session: ExerciseSession, scenario: Scenario, phase: str, by) -> Scenario:
    """Open, close or reveal one scenario, following PHASE_TRANSITIONS."""
    session = ExerciseSession.objects.select_for_update().get(pk=session.pk)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk, session=session)
    _require_running(session)
    if session.mode == Mode.PRESENTER and scenario.position != session.current_index:
        raise ValidationError(_("Only the current scenario can be changed."))
    if phase not in PHASE_TRANSITIONS[scenario.phase]:
        raise ValidationError(
            _("The scenario cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Phase(scenario.phase).label, "new": Phase(phase).label}
        )
    old = scenario.phase
    scenario.phase = phase
    scenario.save(update_fields=["phase"])
    _bump(session)
    record(actor=by, action=f"exercise_scenario.{phase}", obj=session, scenario=scenario.position, old=old)
    _announce(session, scenario if session.mode == Mode.PRESENTER else None)
    return scenario


@transaction.atomic
def reveal_all(*, session: ExerciseSession, by) -> int:
    """Self-paced: close every scenario and show all results."""
    session = ExerciseSession.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    count = session.scenarios.exclude(phase=Phase.REVEALED).update(phase=Phase.REVEALED)
    _bump(session)
    record(actor=by, action="exercise_session.reveal_all", obj=session, scenarios=count)
    _announce(session)
    return count


@transaction.atomic
def go_to(*, session: ExerciseSession, index: int, by) -> ExerciseSession:
    """Presenter-paced: show another scenario (the next one, usually). It opens for voting if it was not started."""
    session = ExerciseSession.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    total = session.scenarios.count()
    if not 0 <= index < total:
        raise ValidationError(_("There is no such scenario."))
    current = session.scenarios.get(position=session.current_index)
    if current.phase == Phase.OPEN:
        current.phase = Phase.CLOSED
        current.save(update_fields=["phase"])
    session.current_index = index
    session.save(update_fields=["current_index"])
    _bump(session)
    record(actor=by, action="exercise_session.go_to", obj=session, scenario=index)
    _announce(session)
    return session


@transaction.atomic
def end_session(*, session: ExerciseSession, by) -> ExerciseSession:
    """End the session: voting stops, and votes are unlinked from every participant token for good."""
    session = ExerciseSession.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    session.state = SessionState.ENDED
    session.ended_at = timezone.now()
    session.save(update_fields=["state", "ended_at"])
    session.scenarios.filter(phase=Phase.OPEN).update(phase=Phase.CLOSED)
    Vote.objects.filter(scenario__session=session).update(participant=None)
    Participant.objects.filter(session=session).delete()
    _bump(session)
    record(actor=by, action="exercise_session.end", obj=session)
    _announce(session)
    return session


def cleanup_expired(*, now=None, days: int | None = None) -> int:
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


# ---------------------------------------------------------------- participants


def join(*, session: ExerciseSession) -> Participant:
    """A new anonymous participant: a random token, nothing else."""
    if session.state != SessionState.RUNNING:
        raise ValidationError(_("This session has ended."))
    if not ratelimit.hit(f"exercise:join:{session.pk}", settings.EXERCISE_JOIN_RATE_PER_SESSION):
        raise RateLimited
    with transaction.atomic():
        # Count and create under a lock on the session row, so that phones joining at the same moment
        # cannot all pass the cap (PostgreSQL: FOR NO KEY UPDATE, which does not block the foreign-key
        # checks of votes; SQLite: the write transaction already runs alone).
        locked = (
            ExerciseSession.objects.select_for_update(no_key=True)
            .only("pk", "state", "participant_cap")
            .get(pk=session.pk)
        )
        if locked.state != SessionState.RUNNING:
            raise ValidationError(_("This session has ended."))
        cap = locked.participant_cap or settings.EXERCISE_PARTICIPANT_CAP
        if Participant.objects.filter(session_id=session.pk).count() >= cap:
            raise ValidationError(_("This session is full."))
        participant = Participant.objects.create(session=session, token=secrets.token_urlsafe(32))
    broker.publish(broker.screen_channel(session.pk), {"type": "joined"})
    return participant


def can_vote(session: ExerciseSession, scenario: Scenario) -> bool:
    if session.state != SessionState.RUNNING or scenario.phase != Phase.OPEN:
        return False
    return session.mode == Mode.SELF or scenario.position == session.current_index


def cast_votes(*, participant: Participant, scenario: Scenario, values: dict[int, int]) -> int:
    """Record or change this participant's answers (relation index → 1–10) for an open scenario.

    One row per participant, scenario and relation (upsert): voting again changes the answer, never adds one.
    """
    session = participant.session
    if not can_vote(session, scenario):
        raise ValidationError(_("Voting on this scenario is closed."))
    relations = len(session.relations)
    clean = {}
    for relation, value in values.items():
        if not (0 <= int(relation) < relations) or not (1 <= int(value) <= 10):
            raise ValidationError(_("Choose a number from 1 to 10."))
        clean[int(relation)] = int(value)
    if not clean:
        return 0
    if not ratelimit.hit(
        f"exercise:vote:t:{participant.pk}", settings.EXERCISE_VOTE_RATE_PER_TOKEN
    ) or not ratelimit.hit(f"vote:s:{session.pk}", settings.EXERCISE_VOTE_RATE_PER_SESSION):
        raise RateLimited
    rows = [Vote(participant=participant, scenario=scenario, relation=r, value=v) for r, v in clean.items()]
    try:
        with transaction.atomic():
            Vote.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["participant", "scenario", "relation"],
                update_fields=["value"],
            )
    except IntegrityError as exc:  # the session was ended in between: participant gone
        raise ValidationError(_("Voting on this scenario is closed.")) from exc
    broker.publish(broker.screen_channel(session.pk), {"type": "vote", "scenario": scenario.pk})
    return len(rows)


def answers_of(participant: Participant, scenario: Scenario) -> dict[int, int]:
    return dict(
        Vote.objects.filter(participant=participant, scenario=scenario).values_list("relation", "value")
    )
