"""Reads for the annual report: the year's figures from every register (through core's signal), the board and
staff, finance, and the survey's results with suppression."""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from balanse.core.numbers import percent
from balanse.core.signals import annual_figures_requested
from balanse.report.models import (
    Answer,
    Body,
    FinanceLine,
    FinanceMapping,
    Gender,
    Position,
    QuestionKind,
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


def annual_figures(year: int) -> dict:
    """The year's figures as BACK-OFFICE.md specifies: every key present, in its order, zeros where a register
    holds nothing (or no app answers for it)."""
    answers: dict[str, dict] = {}
    for _receiver, response in annual_figures_requested.send(sender=None, year=year):
        for section, values in (response or {}).items():
            answers.setdefault(section, {}).update(values or {})
    figures: dict = {"year": year}
    for section, empty in (EMPTY_SECTIONS | EXTRA_SECTIONS).items():
        figures[section] = _merge(section, answers.pop(section, {}), empty)
    for section, values in answers.items():  # sections other apps add, after the contract's
        figures[section] = values
    return figures


# The report's own registers, as annual_figures_requested answers


def board_figures(year: int) -> dict:
    positions = Position.objects.of_year(year)
    counts = dict(positions.values_list("body").annotate(n=Count("pk")).values_list("body", "n"))
    fte = positions.filter(body=Body.STAFF).aggregate(total=Coalesce(Sum("fte"), Decimal(0)))["total"]
    facts = YearFacts.objects.filter(year=year).first()
    return {
        "board": counts.get(Body.BOARD, 0),
        "deputies": counts.get(Body.DEPUTIES, 0),
        "nomination_committee": counts.get(Body.NOMINATION, 0),
        "staff": counts.get(Body.STAFF, 0),
        "staff_fte": float(Decimal(fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        "sick_leave_percent": float(facts.sick_leave_percent)
        if facts and facts.sick_leave_percent is not None
        else 0.0,
    }


def report_line_of(line: FinanceLine, mappings: dict[str, str]) -> str:
    return line.report_line or mappings.get(line.line, line.line)


def finance_figures(year: int) -> dict:
    mappings = dict(FinanceMapping.objects.values_list("source", "report_line"))
    income: dict[str, int] = defaultdict(int)
    result = 0
    for line in FinanceLine.objects.filter(year=year).order_by(
        "pk"
    ):  # as typed or imported: the report's order
        result += line.amount
        if line.amount > 0:
            income[report_line_of(line, mappings)] += line.amount
    return {"income_total": sum(income.values()), "income_by_line": dict(income), "result": result}


def survey_figures(year: int) -> dict:
    survey = Survey.objects.filter(year=year).first()
    if survey is None:
        return {"eligible": 0, "responded": 0}
    return {"eligible": survey.eligible, "responded": survey.responses.count()}


def certification_target(year: int) -> dict:
    target = YearFacts.objects.filter(year=year).values_list("certification_target", flat=True).first()
    return {"target": target or 0} if target else {}


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


# Board and staff


def bodies(year: int) -> list[tuple[str, str, list[Position]]]:
    """(body, label, positions in role order) for each body that has someone in `year`."""
    grouped: dict[str, list[Position]] = defaultdict(list)
    for position in Position.objects.of_year(year):
        grouped[position.body].append(position)
    result = []
    for body in Body:
        people = sorted(grouped.get(body.value, []), key=lambda p: (ROLE_ORDER.get(p.role, 99), p.name))
        if people:
            result.append((body.value, str(body.label), people))
    return result


def gender_balance(year: int) -> list[dict]:
    """Per body: how many, and the share per self-reported gender (and not stated)."""
    rows = []
    counts: dict[str, Counter] = defaultdict(Counter)
    for body, gender in Position.objects.of_year(year).values_list("body", "gender"):
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
    responded = survey.responses.count()
    questions = list(survey.questions.prefetch_related("options"))
    choice_counts = Counter(
        Answer.objects.filter(question__survey=survey, option__isnull=False).values_list(
            "question_id", "option_id"
        )
    )
    numbers: dict[int, list[int]] = defaultdict(list)
    for question_id, number in Answer.objects.filter(
        question__survey=survey, number__isnull=False
    ).values_list("question_id", "number"):
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
