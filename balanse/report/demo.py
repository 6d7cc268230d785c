"""Demo data: 2020 as the annual report (seed 000) tells it.

- the board elected at the annual meeting of 28 May 2020 (chair, deputy chair, four members), three deputies,
  the nomination committee and the four staff (3.2 FTE between them; the report gives only the total, so
  the demo spreads it 1.0 + 1.0 + 0.6 + 0.6), sick leave 0 %, the mark's target of 20. Gender is self-reported
  and the report says nothing of any one person's, so it is left empty;
- the finance lines the report publishes (content/report/finance-2020.csv, imported through the `finance`
  register), with the year's costs as one line so that the result is the published 425 165;
- the closed 2020 diversity survey: 9 of 9 answered, threshold 1 (as published), with answers that give the
  report's percentages (average age 46, 67 % in Oslo, 56 % women, ...);
- a draft report for 2020 with an introduction in both languages.

Loading again changes nothing.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from balanse.core.registers import files, imports
from balanse.report.models import (
    AnnualReport,
    Answer,
    Body,
    Position,
    Response,
    Role,
    SectionText,
    Survey,
    SurveyState,
    YearFacts,
)
from balanse.report.registers import REGISTERS
from balanse.report.services import create_survey

CONTENT = Path(settings.BASE_DIR) / "content" / "report"
ANNUAL_MEETING_2020 = date(2020, 5, 28)

PEOPLE_2020 = [
    (Body.BOARD, Role.LEADER, "Thomas Walle", None),
    (Body.BOARD, Role.DEPUTY_LEADER, "Rhiannon Hovden Edwards", None),
    (Body.BOARD, Role.MEMBER, "Ihra Lill Scharning", None),
    (Body.BOARD, Role.MEMBER, "Amina Sahan", None),
    (Body.BOARD, Role.MEMBER, "Thomas Prestø", None),
    (Body.BOARD, Role.MEMBER, "Ådne Sekkelsten", None),
    (Body.DEPUTIES, Role.DEPUTY, "Miranda Moen", None),
    (Body.DEPUTIES, Role.DEPUTY, "Andreas Gilhuus", None),
    (Body.DEPUTIES, Role.DEPUTY, "Ida Margrete Halvorsen", None),
    (Body.NOMINATION, Role.COMMITTEE, "Sofie Søndervik Sæther", None),
    (Body.NOMINATION, Role.COMMITTEE, "Ruben Steinum", None),
    (Body.NOMINATION, Role.COMMITTEE, "Monica Larsson", None),
    (Body.STAFF, Role.MANAGER, "Siri Haugan Holden", Decimal("1.0")),
    (Body.STAFF, Role.EMPLOYEE, "Sahra Torjussen", Decimal("1.0")),
    (Body.STAFF, Role.EMPLOYEE, "Victoria Øverby Steinland", Decimal("0.6")),
    (Body.STAFF, Role.EMPLOYEE, "Eivind Breilid", Decimal("0.6")),
]

# The nine answers, one tuple per respondent, in the default questionnaire's order (age; then the option's
# position in its list, or "-" for “prefer not to answer”). They reproduce every percentage the report gives.
ANSWERS_2020 = [
    # age region gender lgbtq immigrant multicult minority melanin visible invisible cc_child ec_child cc_today ec_today
    (30, 0, 0, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0, 0),
    (35, 0, 0, 1, 2, 0, 1, 0, 1, 0, 0, 1, 0, 0),
    (40, 0, 0, 1, 2, 1, 1, 1, 1, 1, 0, 1, 0, 0),
    (44, 0, 0, 1, 2, 1, 1, 1, 1, 1, 0, 1, 0, 1),
    (46, 0, 0, 1, 2, 1, 1, 1, 1, 1, 1, 1, 0, 1),
    (50, 0, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 0, 1),
    (52, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 0, 1),
    (57, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 0, 1),
    (60, 2, 1, 1, "-", 1, "-", 1, 1, 1, 1, 2, 1, 1),
]

INTRODUCTION = {
    "nb": "I krisetider får likestillingsarbeid ofte vikeplikt overfor andre prioriteringer. 2020 har vist oss "
    "at det er mulig å gjennomgå samfunnsomveltende endringer samtidig som det bryter frem dyptgripende "
    "diskusjoner om diskriminering og mangfold i offentligheten.\n\n*Siri Haugan Holden, daglig leder*",
    "en": "In times of crisis, equality work often has to give way to other priorities. 2020 showed us that "
    "society can go through upheaval while deep discussions of discrimination and diversity break into the "
    "open.\n\n*Siri Haugan Holden, managing director*",
}


def load_board() -> None:
    for body, role, name, fte in PEOPLE_2020:
        Position.objects.get_or_create(
            year=2020,
            body=body,
            name=name,
            defaults={
                "role": role,
                "fte": fte,
                "elected_at": ANNUAL_MEETING_2020 if body != Body.STAFF else None,
            },
        )
    YearFacts.objects.get_or_create(
        year=2020, defaults={"sick_leave_percent": Decimal("0"), "certification_target": 20}
    )


def load_finance() -> None:
    register = next(r for r in REGISTERS if r.kind == "finance")
    content = (CONTENT / "finance-2020.csv").read_bytes()
    imports.confirm(register, files.read_table(content, "finance-2020.csv", register))


def load_survey() -> None:
    if Survey.objects.filter(year=2020).exists():
        return
    survey = create_survey(year=2020, by=None, threshold=1)
    questions = list(survey.questions.prefetch_related("options"))
    for respondent in ANSWERS_2020:
        response = Response.objects.create(survey=survey)
        rows = []
        for question, value in zip(questions, respondent, strict=True):
            options = list(question.options.all())
            if value == "-":
                rows.append(Answer(response=response, question=question, option=options[-1]))
            elif question.kind == "number":
                rows.append(Answer(response=response, question=question, number=value))
            else:
                rows.append(Answer(response=response, question=question, option=options[value]))
        Answer.objects.bulk_create(rows)
    survey.eligible = len(ANSWERS_2020)
    survey.state = SurveyState.CLOSED
    survey.opened_on = date(2020, 11, 2)
    survey.closed_on = date(2020, 11, 30)
    survey.save()


def load_report() -> None:
    report, _ = AnnualReport.objects.get_or_create(year=2020)
    for language, body in INTRODUCTION.items():
        SectionText.objects.get_or_create(
            report=report, section="introduction", language=language, defaults={"body": body}
        )


def load_demo(stdout) -> list[str]:
    load_board()
    load_finance()
    load_survey()
    load_report()
    stdout.write("report: 2020 board, staff, finance, diversity survey and a draft report\n")
    return []
