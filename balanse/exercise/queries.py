"""Results of a session: distributions per scenario and relation, with small groups suppressed."""

import statistics
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from balanse.core import compiled
from balanse.core.rules import is_operator
from balanse.exercise.models import SCALE, ExerciseSession, ExerciseTemplate, Phase, Scenario, Vote
from balanse.organisations.models import Organisation

BAR_HEIGHT = 60


@dataclass
class Distribution:
    relation: str
    counts: list[int]  # index 0 → rating 1
    n: int
    shown: bool
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    bars: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The counts in one word (a page element's id: the same numbers, the same table)."""
        return "-".join(map(str, self.counts))

    @property
    def spread(self) -> float | None:
        return None if self.q1 is None else self.q3 - self.q1

    @property
    def most_between(self) -> tuple[int, int] | None:
        """The narrowest range of ratings (low, high) that more than half of the answers fall in; of equally
        narrow ranges, the one with the most answers, then the lowest. Said in plain words on the result card:
        "Most answered between 2 and 3" (or "Most answered 9" when low == high)."""
        if not self.shown or not self.n:
            return None
        best = None
        for width in range(10):
            for low in range(1, 11 - width):
                inside = sum(self.counts[low - 1 : low + width])
                if inside * 2 > self.n and (best is None or inside > best[0]):
                    best = (inside, low, low + width)
            if best:
                return best[1], best[2]
        return None

    @property
    def agreement(self) -> str:
        spread = self.spread
        if spread is None:
            return ""
        if spread <= 2:
            return _("Broad agreement")
        if spread <= 4:
            return _("Some disagreement")
        return _("Strong disagreement")


@dataclass
class ScenarioResult:
    scenario: Scenario
    distributions: list[Distribution]

    @property
    def answers(self) -> int:
        return max((d.n for d in self.distributions), default=0)

    @property
    def disagreement(self) -> float:
        spreads = [d.spread for d in self.distributions if d.spread is not None]
        return max(spreads) if spreads else -1


def distribution(relation: str, counts: list[int], minimum: int) -> Distribution:
    n = sum(counts)
    if n < minimum:
        return Distribution(relation=relation, counts=[0] * 10, n=n, shown=False)
    values = [rating for rating, count in zip(SCALE, counts, strict=True) for _ in range(count)]
    peak = max(counts) or 1
    bars = [
        {"rating": rating, "count": count, "height": round(BAR_HEIGHT * count / peak), "x": (rating - 1) * 10}
        for rating, count in zip(SCALE, counts, strict=True)
    ]
    for bar in bars:
        bar["y"] = BAR_HEIGHT - bar["height"]
    # Quartiles by linear interpolation between the answers ("inclusive": the lowest and highest answers are
    # the 0th and 100th percentiles). Shown only from `minimum` (at least 5) answers.
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(
        relation=relation, counts=counts, n=n, shown=True, median=median, q1=q1, q3=q3, bars=bars
    )


def raw_counts(session: ExerciseSession) -> dict[tuple[int, int], list[int]]:
    """(scenario pk, relation) → counts for ratings 1..10, in one query."""
    counts: dict[tuple[int, int], list[int]] = {}
    rows = (
        Vote.objects.filter(scenario__session=session)
        .values("scenario_id", "relation", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        key = (row["scenario_id"], row["relation"])
        counts.setdefault(key, [0] * 10)[row["value"] - 1] = row["n"]
    return counts


def answer_counts(session: ExerciseSession) -> dict[int, int]:
    """Scenario pk → number of participants who answered at least one relation (safe to show: no values)."""
    rows = (
        Vote.objects.filter(scenario__session=session)
        .values("scenario_id")
        .annotate(n=Count("participant", distinct=True))
        .order_by()
    )
    return {row["scenario_id"]: row["n"] for row in rows}


def results(session: ExerciseSession, *, only_revealed: bool = True) -> list[ScenarioResult]:
    counts = raw_counts(session)
    out = []
    for scenario in session.scenarios.all():
        if only_revealed and scenario.phase != Phase.REVEALED:
            distributions = []
        else:
            distributions = [
                distribution(relation, counts.get((scenario.pk, i), [0] * 10), session.min_answers)
                for i, relation in enumerate(session.relations)
            ]
        out.append(ScenarioResult(scenario=scenario, distributions=distributions))
    return out


@dataclass
class Summary:
    played: list[ScenarioResult]  # scenarios someone answered, the most disputed first
    not_played: int  # scenarios nobody answered (not shown)


def summary(session: ExerciseSession) -> Summary:
    """For after the session: every scenario someone answered (revealed or not), the most disputed first, and
    how many scenarios nobody answered."""
    items = results(session, only_revealed=False)
    played = [r for r in items if r.answers > 0]
    played.sort(key=lambda r: (-r.disagreement, r.scenario.position))
    return Summary(played=played, not_played=len(items) - len(played))


def _number(value: float | None) -> int | float | None:
    """2.0 → 2 (a whole number is written without decimals), 2.5 stays 2.5."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def result_table(session: ExerciseSession) -> tuple[list, list[list]]:
    """The results as a table (header, rows) for a spreadsheet; written by balanse.core.exports."""
    header = [
        _("Scenario number"),
        _("Scenario"),
        _("Relation"),
        _("Answers"),
        *map(str, SCALE),
        _("Median"),
        _("Most answered from"),
        _("Most answered to"),
    ]
    rows = []
    counts = raw_counts(session)
    for scenario in session.scenarios.all():
        for i, relation in enumerate(session.relations):
            dist = distribution(relation, counts.get((scenario.pk, i), [0] * 10), session.min_answers)
            if dist.shown:
                low, high = dist.most_between
                rows.append(
                    [
                        scenario.position + 1,
                        scenario.text,
                        relation,
                        dist.n,
                        *dist.counts,
                        _number(dist.median),
                        low,
                        high,
                    ]
                )
            else:
                note = _("fewer than %(n)s") % {"n": session.min_answers}
                rows.append([scenario.position + 1, scenario.text, relation, note, *[""] * 10, "", "", ""])
    return header, rows


# The facilitator's start page, read from SQL compiled once per process (balanse.core.compiled): the querysets
# below are also the start form's, which validates a choice against them.


def admin_organisations(user):
    """The organisations a person may run a session for: every one for the operator, else those they administer."""
    if is_operator(user):
        return Organisation.objects.all()
    return Organisation.objects.administered_by(user)


def usable_templates(user):
    """The exercises a person may start: every one for the operator, else the default and their organisations'."""
    if is_operator(user):
        return ExerciseTemplate.objects.all()
    return _templates_of_admin(user)


def _templates_of_admin(user):  # a person or their key
    templates = ExerciseTemplate.objects.all()
    return templates.filter(is_default=True) | templates.filter(
        organisation__in=Organisation.objects.administered_by(user)
    )


def usable_template_rows(user) -> list[ExerciseTemplate]:
    """`usable_templates(user)` in their order, each with its organisation."""
    if is_operator(user):
        return compiled.instances(
            "exercise.templates.all",
            ExerciseTemplate,
            ExerciseTemplate.objects.all,
            related=("organisation",),
        )
    return compiled.instances(
        "exercise.templates.of_admin",
        ExerciseTemplate,
        _templates_of_admin,
        related=("organisation",),
        user=user.pk,
    )


def administered_choices(user) -> list[tuple[str, str]]:
    """The organisations a person administers, in name order, as a select's choices (the name is the value as
    well as the label): the start form's and a new own exercise's, when shown."""
    return [
        (name, name)
        for name in compiled.rows(
            "exercise.administered_names",
            lambda user: (
                Organisation.objects.administered_by(user).order_by("name").values_list("name", flat=True)
            ),
            user=user.pk,
        )
    ]


def recent_sessions(user, limit: int = 50) -> list[ExerciseSession]:
    """A person's latest sessions (every one's for the operator), newest first, each with its organisation."""
    if is_operator(user):
        return compiled.instances(
            ("exercise.sessions.all", limit),
            ExerciseSession,
            lambda: ExerciseSession.objects.all()[:limit],
            related=("organisation",),
        )
    return compiled.instances(
        ("exercise.sessions.of_admin", limit),
        ExerciseSession,
        lambda user: ExerciseSession.objects.filter(
            organisation__in=Organisation.objects.administered_by(user)
        )[:limit],
        related=("organisation",),
        user=user.pk,
    )
