"""Everything a year's report shows, as plain data (JSON): read live for a draft (kept until a register changes, `draft_content`), kept as the snapshot when the
report is published, so the published page and PDF never change when the registers do."""

from functools import partial

from balanse.core import stamps
from balanse.report import queries
from balanse.report.models import AnnualReport, Section, SurveyState
from balanse.report.text import render_markdown

VERSION = 1


def _has_data(figures: dict) -> bool:
    skip = {"year"}
    for key, section in figures.items():
        if key in skip or not isinstance(section, dict):
            continue
        for value in section.values():
            if value not in (0, 0.0, {}, [], None, "") and not (
                isinstance(value, dict) and not any(value.values())
            ):
                return True
    return False


def build_figures(year: int) -> dict:
    """The part of `build_content` that the operator's editing page shows: the year's figures, the year
    before's (None when that year has no data) and the fee check, read as `build_content` reads them; kept
    until a register is written to (`balanse.core.stamps`)."""
    return stamps.kept(("report.build_figures", year), partial(_build_figures, year))


def _build_figures(year: int) -> dict:
    # The year and the year before, each register reading both in the same queries.
    figures = queries.annual_figures(year, together=(year - 1,))
    previous = queries.annual_figures(year - 1, together=(year,))
    return {
        "year": year,
        "figures": figures,
        "previous": previous if _has_data(previous) else None,
        "fee_check": queries.fee_income_check(year, figures),
    }


def draft_content(year: int, *, report: AnnualReport | None = None) -> dict:
    """`build_content`, kept until a register (the report's texts and people included) is written to
    (`balanse.core.stamps`): what a draft's pages show."""
    return stamps.kept(
        ("report.content", year, report.pk if report is not None else None),
        partial(build_content, year, report=report),
    )


def build_content(year: int, *, report: AnnualReport | None = None) -> dict:
    read = build_figures(year)
    figures = read["figures"]
    texts: dict[str, dict[str, str]] = {}
    if report is not None and report.pk:
        for text in queries.section_texts(report):
            texts.setdefault(text.section, {})[text.language] = render_markdown(text.body)
    lines, survey = queries.report_lines_and_survey(year, together=(year - 1,))
    positions = queries.positions_of_year(year)
    survey_data = None
    if survey is not None:
        survey_data = {
            "state": survey.state,
            "threshold": survey.threshold,
            "eligible": survey.eligible,
            "responded": figures["board_survey"]["responded"],
            "questions": queries.survey_results(survey) if survey.state == SurveyState.CLOSED else [],
        }
    return {
        "version": VERSION,
        "year": year,
        "figures": figures,
        "previous": read["previous"],
        "texts": texts,
        "bodies": [
            {
                "body": body,
                "people": [
                    {
                        "name": p.name,
                        "role": p.role,
                        "elected_at": p.elected_at.isoformat() if p.elected_at else None,
                        "fte": float(p.fte) if p.fte is not None else None,
                    }
                    for p in people
                ],
            }
            for body, _label, people in queries.bodies(year, positions)
        ],
        "gender_balance": [
            {"body": row["body"], "total": row["total"], "cells": [c["count"] for c in row["cells"]]}
            for row in queries.gender_balance(year, positions)
        ],
        "finance_lines": [
            {"line": name, "amount": amount}
            for name, amount in sorted(lines.items(), key=lambda item: item[1] < 0)
        ],
        "fee_check": read["fee_check"],
        "survey": survey_data,
        "sections": [section.value for section in Section],
    }
