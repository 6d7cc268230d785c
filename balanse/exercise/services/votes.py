"""Votes: each phone's 1–10 answers per relation, written in batches (group commit) with one multi-row upsert."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy

from balanse.core import ratelimit
from balanse.core.ratelimit import RateLimited
from balanse.exercise import broker
from balanse.exercise.models import ExerciseSession, Mode, Participant, Phase, Scenario, SessionState, Vote


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
