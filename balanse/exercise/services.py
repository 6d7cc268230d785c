"""Business rules of the live exercise. Each function runs in one transaction and writes the audit log
(participants' actions are anonymous and are not audited one by one)."""

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def default_content_in(language: str | None) -> dict | None:
    """The default exercise written in another language than Norwegian (content/exercise/<slug>.<lang>.json),
    or None when we ship none for it (Norwegian is the template itself)."""
    code = (language or "").split("-")[0].lower()
    if not code or code == "nb" or not code.isalpha():
        return None
    path = CONTENT_DIR / f"{DEFAULT_SLUG}.{code}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _content_for_session(template: ExerciseTemplate) -> dict:
    """What a new session copies: the template, or for the default exercise on an English page, the English
    version we ship (an international freelancer's session). Organisations' own copies stay as written."""
    content = {
        "title": template.title,
        "scenarios": list(template.scenarios),
        "relations": list(template.relations),
        "questions": list(template.questions),
    }
    if template.is_default and template.slug == DEFAULT_SLUG:
        translated = default_content_in(translation.get_language())
        if translated:
            content = {key: translated[key] for key in content}
    return content


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


def can_vote(session: ExerciseSession, scenario: Scenario) -> bool:
    if session.state != SessionState.RUNNING or scenario.phase != Phase.OPEN:
        return False
    return session.mode == Mode.SELF or scenario.position == session.current_index


@dataclass
class VoteRequest:
    """One phone's answers as they came in: the session code and token it claims, the scenario and the raw
    1–10 values per relation index (validated against the session by `record_votes`)."""

    code: str
    token: str
    scenario: int | None
    values: dict[int, int]


@dataclass
class VoteOutcome:
    status: int  # 200 saved, 400 refused, 403 not joined, 404 no such session, 429 rate-limited
    message: str = ""  # lazy: translated by whoever shows it, in the language of the request
    code: str = ""
    next: int | None = None  # self-paced: the scenario to show next


SAVED = gettext_lazy("Your answer is saved. You can change it until voting closes.")
CLOSED = gettext_lazy("Voting on this scenario is closed.")
NO_SCENARIO = gettext_lazy("This scenario does not exist.")
NO_VALUES = gettext_lazy("Choose a number from 1 to 10 for at least one of them.")
OUT_OF_RANGE = gettext_lazy("Choose a number from 1 to 10.")
TOO_MANY = gettext_lazy("Too many answers in a short time. Wait a moment and try again.")


@dataclass
class _SessionRow:
    pk: int
    code: str
    state: str
    mode: str
    current_index: int
    relations: list
    total: int


@dataclass
class _ScenarioRow:
    pk: int
    session_id: int
    position: int
    phase: str


def _locked_sessions(codes: set[str]) -> dict[str, _SessionRow]:
    """The sessions by code, locked until the batch commits: FOR SHARE on PostgreSQL, so batches from several
    server processes run side by side while closing a scenario, moving on or ending the session (FOR UPDATE)
    waits for the votes already accepted; SQLite's write lock serialises everything anyway."""
    if not codes:
        return {}
    sessions, scenarios = ExerciseSession._meta.db_table, Scenario._meta.db_table
    placeholders = ", ".join(["%s"] * len(codes))
    lock = " FOR SHARE OF s" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.id, s.code, s.state, s.mode, s.current_index, s.relations, "  # noqa: S608
            f"(SELECT COUNT(*) FROM {scenarios} c WHERE c.session_id = s.id) "
            f"FROM {sessions} s WHERE s.code IN ({placeholders}){lock}",
            sorted(codes),
        )
        rows = cursor.fetchall()
    out = {}
    for pk, code, state, mode, current_index, relations, total in rows:
        relations = json.loads(relations) if isinstance(relations, str | bytes) else relations
        out[code] = _SessionRow(pk, code, state, mode, current_index, relations, total)
    return out


def _batch_rows(requests: list[VoteRequest]):
    """What a batch needs, in three light SELECTs (tuples, no model instances): the sessions by code (locked,
    see _locked_sessions), the phones by token, the scenarios by pk."""
    sessions = _locked_sessions({r.code for r in requests})
    tokens = {r.token for r in requests if r.token}
    phones = dict(
        (token, (pk, session_id))
        for token, pk, session_id in Participant.objects.filter(token__in=tokens).values_list(
            "token", "pk", "session_id"
        )
    )
    pks = {r.scenario for r in requests if r.scenario is not None}
    scenarios = {
        row[0]: _ScenarioRow(*row)
        for row in Scenario.objects.filter(pk__in=pks).values_list("pk", "session_id", "position", "phase")
    }
    return sessions, phones, scenarios


def _check(session: _SessionRow, scenario: _ScenarioRow | None, values: dict[int, int]) -> str | None:
    if scenario is None:
        return NO_SCENARIO
    if not values:
        return NO_VALUES
    if not can_vote(session, scenario):
        return CLOSED
    relations = len(session.relations)
    if any(not (0 <= relation < relations) or not (1 <= value <= 10) for relation, value in values.items()):
        return OUT_OF_RANGE
    return None


UPSERT_ROWS = 1000  # rows per INSERT statement (4 parameters each)


def _upsert(rows: list[tuple[int, int, int, int]]) -> None:
    """(participant, scenario, relation, value) rows in one multi-row INSERT … ON CONFLICT DO UPDATE (the
    same SQL on SQLite and PostgreSQL); Django's bulk_create costs far more per row to build."""
    table = Vote._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start : start + UPSERT_ROWS]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (participant_id, scenario_id, relation, value) VALUES {placeholders} "  # noqa: S608
                "ON CONFLICT (participant_id, scenario_id, relation) DO UPDATE SET value = excluded.value",
                [field for row in chunk for field in row],
            )


def record_votes(requests: list[VoteRequest]) -> list[VoteOutcome]:
    """Record or change the answers of many phones in ONE transaction (group commit): the batch is checked
    with three light SELECTs (which lock its sessions until commit), the rate limits are counted in one round
    trip, and one multi-row upsert writes every answer. Each vote gets its own outcome: a bad vote (closed
    scenario, unknown token, over a limit) fails alone. Answers are saved only when this returns.

    One row per participant, scenario and relation: voting again changes the answer, never adds one; if the
    same phone's answer comes twice in one batch, the later one wins.
    """
    outcomes: list[VoteOutcome | None] = [None] * len(requests)
    accepted: list[tuple[int, _SessionRow, _ScenarioRow, int, dict[int, int]]] = []
    with transaction.atomic():
        sessions, phones, scenarios = _batch_rows(requests)
        for i, request in enumerate(requests):
            session = sessions.get(request.code)
            if session is None:
                outcomes[i] = VoteOutcome(status=404)
                continue
            participant_pk, session_pk = phones.get(request.token, (None, None))
            if session_pk != session.pk:
                outcomes[i] = VoteOutcome(status=403, code=session.code)
                continue
            scenario = scenarios.get(request.scenario)
            if scenario is not None and scenario.session_id != session.pk:
                scenario = None
            problem = _check(session, scenario, request.values)
            if problem is not None:
                outcomes[i] = VoteOutcome(status=400, message=problem, code=session.code)
                if scenario is not None and session.mode == Mode.SELF:
                    outcomes[i].next = scenario.position
                continue
            accepted.append((i, session, scenario, participant_pk, request.values))
        # The session's limit counts only votes within their phone's limit (as one vote at a time did).
        allowed_token = ratelimit.hit_many(
            [f"exercise:vote:t:{item[3]}" for item in accepted], settings.EXERCISE_VOTE_RATE_PER_TOKEN
        )
        within = [item for item, ok in zip(accepted, allowed_token, strict=True) if ok]
        allowed_session = iter(
            ratelimit.hit_many(
                [f"vote:s:{item[1].pk}" for item in within], settings.EXERCISE_VOTE_RATE_PER_SESSION
            )
        )
        allowed = [ok and next(allowed_session) for ok in allowed_token]
        latest: dict[tuple[int, int, int], int] = {}
        voted: set[tuple[int, int]] = set()
        for (i, session, scenario, participant_pk, values), ok in zip(accepted, allowed, strict=True):
            if not ok:
                outcomes[i] = VoteOutcome(status=429, message=TOO_MANY, code=session.code)
                if session.mode == Mode.SELF:
                    outcomes[i].next = scenario.position
                continue
            for relation, value in values.items():
                latest[(participant_pk, scenario.pk, relation)] = value
            voted.add((session.pk, scenario.pk))
            outcomes[i] = VoteOutcome(status=200, message=SAVED, code=session.code)
            if session.mode == Mode.SELF:
                last = scenario.position + 1 >= session.total
                outcomes[i].next = scenario.position + (0 if last else 1)
        if latest:
            _upsert([(*key, value) for key, value in latest.items()])
        for session_pk, scenario_pk in sorted(voted):
            event = {"type": "vote", "scenario": scenario_pk}
            transaction.on_commit(
                lambda pk=session_pk, event=event: broker.publish(broker.screen_channel(pk), event)
            )
    return outcomes


def cast_votes(*, participant: Participant, scenario: Scenario, values: dict[int, int]) -> int:
    """Record or change this participant's answers (relation index → 1–10) for an open scenario; raises
    ValidationError or RateLimited when they are refused. Returns how many relations were answered."""
    clean = {int(relation): int(value) for relation, value in values.items()}
    if not clean:
        return 0
    request = VoteRequest(
        code=participant.session.code, token=participant.token, scenario=scenario.pk, values=clean
    )
    (outcome,) = record_votes([request])
    if outcome.status == 429:
        raise RateLimited(str(outcome.message))
    if outcome.status != 200:
        raise ValidationError(str(outcome.message or CLOSED))
    return len(clean)


def answers_of(participant: Participant, scenario: Scenario) -> dict[int, int]:
    return dict(
        Vote.objects.filter(participant=participant, scenario=scenario).values_list("relation", "value")
    )
