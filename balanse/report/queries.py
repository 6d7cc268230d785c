"""Reads for the annual report: the year's figures from every register (through core's signal), the board and
staff, finance, and the survey's results with suppression."""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, now, resolve, then
from balanse.core.numbers import percent
from balanse.core.permissions import memo, memo_deferred
from balanse.core.signals import annual_figures_requested
from balanse.report.models import (
    AnnualReport,
    Answer,
    Body,
    FinanceLine,
    FinanceMapping,
    Gender,
    Position,
    QuestionKind,
    SectionText,
    Survey,
    SurveyState,
    YearFacts,
)
from balanse.report.models.board import ROLE_ORDER

# BACK-OFFICE.md "The annual figures": every section and key, in order, with the value a register that holds
# nothing for the year gives. Sections nobody answers are filled from here.
EMPTY_SECTIONS: dict[str, dict] = {
    "members": {
        "total": 0,
        "new": 0,
        "left": 0,
        "by_field": {},
        "fee_tiers": {},
        "special_agreement": 0,
        "paid_share_percent": 0.0,
        "fee_income": 0,
    },
    "supporting_members": {"total": 0, "new": 0},
    "activities": {
        "total": 0,
        "by_type": {},
        "audience_incl_streaming": 0,
        "audience_excl_streaming": 0,
        "places": [],
    },
    "balansepotten": {"grants": 0, "granted_total": 0, "postponed": 0},
    "advisory": {"inquiries": 0, "by_topic": {}},
    "collaboration": {"members_reached": 0, "share_percent": 0.0},
    "communication": {"media_mentions": 0, "op_eds": 0, "political_meetings": 0, "consultation_responses": 0},
    "certification": {"target": 0, "certified": 0, "completed_course": 0},
    "board_survey": {"eligible": 0, "responded": 0},
    "finance": {"income_total": 0, "income_by_line": {}, "result": 0},
}
# Added by the report (BACK-OFFICE.md: more keys may be added, none renamed).
EXTRA_SECTIONS: dict[str, dict] = {
    "board_and_staff": {
        "board": 0,
        "deputies": 0,
        "nomination_committee": 0,
        "staff": 0,
        "staff_fte": 0.0,
        "sick_leave_percent": 0.0,
    },
}


def _merge(section: str, answer: dict, empty: dict) -> dict:
    merged = dict(empty)
    merged.update(answer)
    return merged


def annual_figures(year: int, *, together=()) -> dict:
    """The year's figures as BACK-OFFICE.md specifies: every key present, in its order, zeros where a register
    holds nothing (or no app answers for it). `together`: other years the caller asks for in the same request
    (the year before, for the comparison); the registers may read them in the same queries. The registers'
    grouped counts and sums are read in one query (`balanse.core.counts.resolve`), and kept until a register
    is written to (`balanse.core.stamps`: the figures do not depend on `together`, only their cost does)."""
    return stamps.kept(("report.annual_figures", year), partial(_annual_figures, year, together))


def _annual_figures(year: int, together) -> dict:
    answers: dict[str, dict] = {}
    years = (year, *(other for other in together if other != year))
    responses = [
        response
        for _receiver, response in annual_figures_requested.send(
            sender=None, year=year, years=years, defer=True
        )
    ]
    for response in resolve(responses):
        for section, values in (response or {}).items():
            answers.setdefault(section, {}).update(values or {})
    figures: dict = {"year": year}
    for section, empty in (EMPTY_SECTIONS | EXTRA_SECTIONS).items():
        figures[section] = _merge(section, answers.pop(section, {}), empty)
    for section, values in answers.items():  # sections other apps add, after the contract's
        figures[section] = values
    return figures


# The report's own registers, as annual_figures_requested answers


def own_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """The report's own sections of the annual figures (board and staff, finance, the survey, the mark's
    target). `together`: other years asked for in the same request, read in the same queries. `defer`: a
    Deferred the sender runs with other registers' (`balanse.core.counts`), where the request does not know
    the answer yet."""
    answer = memo_deferred("report.own_figures", year, together, _own_figures)
    return then(answer if defer else now(answer), lambda own: own["sections"])


def report_lines_and_survey(year: int, *, together=()) -> tuple[dict[str, int], Survey | None]:
    """What the report shows besides the figures, read by the same queries as `own_figures` (none more in a
    request that asked for the figures): the finance lines as the report lists them ({report line: amount},
    costs included, in the order typed or imported) and the year's survey (with `responded`)."""
    answer = now(memo_deferred("report.own_figures", year, together, _own_figures))
    return answer["lines"], answer["survey"]


def _own_figures(years: list[int]) -> Deferred:
    """{year: {"sections": ..., "lines": ..., "survey": ...}}: the board and staff and the years' facts with the
    other registers' counts, then the finance lines and the surveys (two queries) whatever the number of
    years."""

    def build(boards: dict[int, dict]) -> dict[int, dict]:
        lines = finance_lines(years)
        finance = _finance_figures(years, lines)
        surveys = {survey.year: survey for survey in surveys_with_responses(years)}
        figures = {}
        for year in years:
            survey = surveys.get(year)
            sections = {
                "board_survey": {"eligible": survey.eligible, "responded": survey.responded}
                if survey
                else {"eligible": 0, "responded": 0},
                "finance": finance[year],
                "board_and_staff": boards[year]["figures"],
            }
            if boards[year]["target"]:
                sections["certification"] = {"target": boards[year]["target"]}
            report_lines: dict[str, int] = {}
            for line in lines:
                if line.year == year:
                    report_lines[line.report_line_name] = (
                        report_lines.get(line.report_line_name, 0) + line.amount
                    )
            figures[year] = {"sections": sections, "lines": report_lines, "survey": survey}
        return figures

    return then(_board_figures(years), build)


def _surveys(**years: int):
    return Survey.objects.filter(year__in=list(years.values())).annotate(responded=Count("responses"))


def surveys_with_responses(years) -> list[Survey]:
    """The surveys of `years`, each with `responded` (how many answered); from SQL compiled once for the number
    of years."""
    years = sorted(set(years))
    return compiled.instances(
        ("report.surveys", len(years)),
        Survey,
        _surveys,
        annotations=("responded",),
        **compiled.numbered("year", years),
    )


def _report_of_year(year: int):
    return AnnualReport.objects.filter(year=year)


def report_of_year(year: int) -> AnnualReport | None:
    """The year's report, or None (not made yet); from SQL compiled once."""
    return compiled.instance("report.report_of_year", AnnualReport, _report_of_year, year=year)


def _positions_of_year(year: int):
    return Position.objects.of_year(year)


def positions_of_year(year: int) -> list[Position]:
    """The year's board and staff in the model's order (year, body, name); from SQL compiled once."""
    return compiled.instances("report.positions_of_year", Position, _positions_of_year, year=year)


def _year_facts(year: int):
    return YearFacts.objects.filter(year=year)


def year_facts(year: int) -> YearFacts | None:
    """The facts typed for the year, or None; from SQL compiled once."""
    return compiled.instance("report.year_facts", YearFacts, _year_facts, year=year)


def board_figures(year: int) -> dict:
    return _board_figures([year]).evaluate()[year]["figures"]


def _board_figures(years: list[int]) -> Deferred:
    """Each year's board and staff (grouped by year and body) and the facts typed for it, in one query:
    {year: {"figures": board_and_staff, "target": the mark's target or None}}."""
    querysets = {
        "positions": Position.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "body")
        .annotate(n=Count("pk"), fte=Sum("fte")),
        "facts": YearFacts.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "sick_leave_percent", "certification_target"),
    }

    def build(found: dict) -> dict[int, dict]:
        counts: dict[int, dict[str, int]] = {year: {} for year in years}
        fte = dict.fromkeys(years, Decimal(0))
        for year, body, n, total in found["positions"]:
            counts[year][body] = n
            if body == Body.STAFF:
                fte[year] = total or Decimal(0)
        facts = {year: (sick_leave, target) for year, sick_leave, target in found["facts"]}
        result = {}
        for year in years:
            sick_leave, target = facts.get(year, (None, None))
            result[year] = {
                "figures": _board_and_staff(counts[year], fte[year], sick_leave),
                "target": target,
            }
        return result

    return Deferred(querysets, build)


def _board_and_staff(counts: dict[str, int], fte, sick_leave) -> dict:
    """The `board_and_staff` section from the number of people per body, the staff's FTE summed and the sick
    leave typed for the year (or None)."""
    return {
        "board": counts.get(Body.BOARD, 0),
        "deputies": counts.get(Body.DEPUTIES, 0),
        "nomination_committee": counts.get(Body.NOMINATION, 0),
        "staff": counts.get(Body.STAFF, 0),
        "staff_fte": float(Decimal(fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        "sick_leave_percent": float(sick_leave) if sick_leave is not None else 0.0,
    }


def board_figures_of(positions: list[Position], facts: YearFacts | None) -> dict:
    """`board_figures(year)` from the year's positions (`positions_of_year`) and its facts (None: none typed),
    when the page has read them already: no query."""
    counts = Counter(position.body for position in positions)
    fte = sum(
        (position.fte for position in positions if position.body == Body.STAFF and position.fte), Decimal(0)
    )
    return _board_and_staff(counts, fte, facts.sick_leave_percent if facts is not None else None)


def _finance_lines(*, report_order: bool, **years: int):
    mapped = FinanceMapping.objects.filter(source=OuterRef("line")).values("report_line")[:1]
    lines = FinanceLine.objects.filter(year__in=list(years.values())).annotate(mapped=Subquery(mapped))
    return lines.order_by("pk") if report_order else lines


def finance_lines(years, *, report_order: bool = True) -> list[FinanceLine]:
    """The finance lines of `years`, each with `report_line_name`: the report's line it is counted under (its
    own, else the mapping's, else its name). One query, once per request for the same years (the finance page
    and the figures share it). In the report's order (as typed or imported), or with `report_order=False` in
    the finance page's (largest amount first). Compiled once for the number of years (`core.compiled`)."""
    years = tuple(sorted(set(years)))
    # Read once per request in the finance page's order (that page shows them and the figures made from them);
    # the report's order is the order of the keys, the same in Python as in the database.
    lines = memo(("report.finance_lines", years), lambda: _read_finance_lines(years))
    return sorted(lines, key=lambda line: line.pk) if report_order else list(lines)


def _read_finance_lines(years: tuple[int, ...]) -> list[FinanceLine]:
    lines = compiled.instances(
        ("report.finance_lines", len(years), False),
        FinanceLine,
        partial(_finance_lines, report_order=False),
        annotations=("mapped",),
        **compiled.numbered("year", years),
    )
    for line in lines:
        line.report_line_name = line.report_line or (line.mapped if line.mapped is not None else line.line)
    return lines


def finance_figures(year: int) -> dict:
    return _finance_figures([year])[year]


def _finance_figures(years: list[int], lines: list[FinanceLine] | None = None) -> dict[int, dict]:
    income: dict[int, dict[str, int]] = {year: defaultdict(int) for year in years}
    result = dict.fromkeys(years, 0)
    for line in finance_lines(years) if lines is None else lines:
        result[line.year] += line.amount
        if line.amount > 0:
            income[line.year][line.report_line_name] += line.amount
    return {
        year: {
            "income_total": sum(income[year].values()),
            "income_by_line": dict(income[year]),
            "result": result[year],
        }
        for year in years
    }


def certification_target(year: int) -> dict:
    target = _board_figures([year]).evaluate()[year]["target"]
    return {"target": target} if target else {}


FEE_INCOME_LINES = ("medlemskontingent", "kontingent", "membership fees")


def fee_income_check(year: int, figures: dict | None = None) -> dict | None:
    """The accounts' fee income next to the fee register's paid sum; None when the accounts have no fee line."""
    figures = figures or annual_figures(year)
    by_line = figures["finance"]["income_by_line"]
    accounts = sum(amount for line, amount in by_line.items() if line.strip().lower() in FEE_INCOME_LINES)
    if not any(line.strip().lower() in FEE_INCOME_LINES for line in by_line):
        return None
    register = figures["members"]["fee_income"]
    return {"accounts": accounts, "register": register, "difference": accounts - register}


def section_texts(report) -> list[SectionText]:
    """A saved report's texts, read once per request (the draft's content and its text forms both show them)."""
    return memo(
        ("report.section_texts", report.pk),
        lambda: compiled.instances("report.section_texts", SectionText, _section_texts_of, report=report.pk),
    )


def _section_texts_of(report: int):
    return SectionText.objects.filter(report_id=report)


# Board and staff


def bodies(year: int, positions: list[Position] | None = None) -> list[tuple[str, str, list[Position]]]:
    """(body, label, positions in role order) for each body that has someone in `year`. `positions`: the year's
    positions, when the caller has them already."""
    grouped: dict[str, list[Position]] = defaultdict(list)
    for position in Position.objects.of_year(year) if positions is None else positions:
        grouped[position.body].append(position)
    result = []
    for body in Body:
        people = sorted(grouped.get(body.value, []), key=lambda p: (ROLE_ORDER.get(p.role, 99), p.name))
        if people:
            result.append((body.value, str(body.label), people))
    return result


def gender_balance(year: int, positions: list[Position] | None = None) -> list[dict]:
    """Per body: how many, and the share per self-reported gender (and not stated). `positions`: the year's
    positions, when the caller has them already."""
    rows = []
    counts: dict[str, Counter] = defaultdict(Counter)
    if positions is None:
        pairs = Position.objects.of_year(year).values_list("body", "gender")
    else:
        pairs = [(position.body, position.gender) for position in positions]
    for body, gender in pairs:
        counts[body][gender or ""] += 1
    for body in Body:
        counter = counts.get(body.value)
        if not counter:
            continue
        total = sum(counter.values())
        cells = [
            {
                "label": str(gender.label),
                "count": counter[gender.value],
                "percent": percent(counter[gender.value], total),
            }
            for gender in Gender
        ]
        cells.append({"label": "", "count": counter[""], "percent": percent(counter[""], total)})
        rows.append({"body": body.value, "label": str(body.label), "total": total, "cells": cells})
    return rows


# The survey's results


def suppress(counts: list[int], threshold: int) -> list[bool]:
    """Which cells of a table whose total (n) is published to hide.

    Every count from 1 to threshold − 1 is hidden (primary suppression). Then, while the hidden cells could be
    worked out from the total and the shown cells (one hidden cell is the total minus the others; several
    hidden cells that add up to their own number are all 1), the smallest shown non-zero cell is hidden too
    (complementary suppression). A table with fewer answers than the threshold is hidden whole. A threshold
    of 1 hides nothing (the operator's informed choice)."""
    if threshold <= 1:
        return [False] * len(counts)
    if sum(counts) < threshold:
        return [True] * len(counts)
    hidden = [0 < count < threshold for count in counts]
    while True:
        number = sum(hidden)
        total = sum(count for count, hide in zip(counts, hidden, strict=True) if hide)
        if number == 0 or (number >= 2 and total > number):
            return hidden
        shown = [(count, index) for index, count in enumerate(counts) if not hidden[index] and count > 0]
        if not shown:
            return [True] * len(counts)
        hidden[min(shown)[1]] = True


def survey_results(survey: Survey) -> list[dict]:
    """Per question: n (responses) and one row per option and “did not answer”, each with count and share, or
    hidden (count and share None) where too few answered. Labels in both languages. A number question (age)
    has a row for those who gave a number, and its mean when that row is shown."""
    responded = getattr(survey, "responded", None)  # counted already where the survey came with the figures
    if responded is None:
        responded = survey.responses.count()
    questions = list(survey.questions.prefetch_related("options"))
    choice_counts: Counter = Counter()
    numbers: dict[int, list[int]] = defaultdict(list)
    for question_id, option_id, number in Answer.objects.filter(
        Q(option__isnull=False) | Q(number__isnull=False), question__survey=survey
    ).values_list("question_id", "option_id", "number"):
        if option_id is not None:
            choice_counts[(question_id, option_id)] += 1
        if number is not None:
            numbers[question_id].append(number)
    results = []
    for question in questions:
        labels: list[tuple[str, str]] = []
        counts: list[int] = []
        values = numbers.get(question.pk, [])
        if question.kind == QuestionKind.NUMBER:
            labels.append(("Oppga et tall", "Gave a number"))
            counts.append(len(values))
        for option in question.options.all():
            if question.kind == QuestionKind.NUMBER and not option.declines:
                continue
            labels.append((option.text_nb, option.text_en))
            counts.append(choice_counts.get((question.pk, option.pk), 0))
        labels.append(("Svarte ikke", "Did not answer"))
        counts.append(responded - sum(counts))
        hidden = suppress(counts, survey.threshold)
        rows = [
            {
                "label_nb": label[0],
                "label_en": label[1],
                "count": None if hide else count,
                "percent": None if hide else percent(count, responded),
                "hidden": hide,
                "not_answered": index == len(labels) - 1,
            }
            for index, (label, count, hide) in enumerate(zip(labels, counts, hidden, strict=True))
        ]
        mean = None
        if (
            question.kind == QuestionKind.NUMBER
            and values
            and not hidden[0]
            and len(values) >= survey.threshold
        ):
            mean = round(sum(values) / len(values))
        results.append(
            {
                "key": question.key,
                "text_nb": question.text_nb,
                "text_en": question.text_en,
                "kind": question.kind,
                "n": responded,
                "rows": rows,
                "mean": mean,
            }
        )
    return results


def open_survey_for_year(year: int) -> Survey | None:
    return Survey.objects.filter(year=year, state=SurveyState.OPEN).first()
