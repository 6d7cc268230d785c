"""A session and the facilitator's steps: start, open, close and reveal a scenario, move on, end. Every step
bumps the session's version and announces the new state to the phones and the big screen."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core.audit import record
from balanse.core.models import User
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
from balanse.exercise.services.templates import _content_for_session
from balanse.organisations.models import Organisation


def _unique_code() -> str:
    for _attempt in range(20):
        code = new_code()
        if not ExerciseSession.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not find a free session code")


@transaction.atomic
def start_session(
    *,
    by: User,
    template: ExerciseTemplate,
    organisation: Organisation | None,
    mode: str = Mode.PRESENTER,
    participant_cap: int = 0,
) -> ExerciseSession:
    cap = min(participant_cap or settings.EXERCISE_PARTICIPANT_CAP, settings.EXERCISE_PARTICIPANT_CAP)
    content = _content_for_session(template)
    session = ExerciseSession.objects.create(
        title=content["title"],
        code=_unique_code(),
        mode=mode,
        relations=content["relations"],
        questions=content["questions"],
        organisation=organisation,
        template=template,
        created_by=by,
        participant_cap=cap,
    )
    first_phase = Phase.OPEN if mode == Mode.SELF else Phase.PENDING
    Scenario.objects.bulk_create(
        Scenario(session=session, position=i, text=text, phase=first_phase)
        for i, text in enumerate(content["scenarios"])
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
def set_phase(*, session: ExerciseSession, scenario: Scenario, phase: str, by: User) -> Scenario:
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
def reveal_all(*, session: ExerciseSession, by: User) -> int:
    """Self-paced: close every scenario and show all results."""
    session = ExerciseSession.objects.select_for_update().get(pk=session.pk)
    _require_running(session)
    count = session.scenarios.exclude(phase=Phase.REVEALED).update(phase=Phase.REVEALED)
    _bump(session)
    record(actor=by, action="exercise_session.reveal_all", obj=session, scenarios=count)
    _announce(session)
    return count


@transaction.atomic
def go_to(*, session: ExerciseSession, index: int, by: User) -> ExerciseSession:
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
def end_session(*, session: ExerciseSession, by: User) -> ExerciseSession:
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
