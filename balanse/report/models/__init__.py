from balanse.report.models.board import Body, Gender, Position, Role, YearFacts
from balanse.report.models.finance import FinanceLine, FinanceMapping
from balanse.report.models.reports import AnnualReport, ReportState, Section, SectionText
from balanse.report.models.survey import (
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyLink,
    SurveyState,
)

__all__ = [
    "AnnualReport",
    "Answer",
    "Body",
    "FinanceLine",
    "FinanceMapping",
    "Gender",
    "Option",
    "Position",
    "Question",
    "QuestionKind",
    "ReportState",
    "Response",
    "Role",
    "Section",
    "SectionText",
    "Survey",
    "SurveyLink",
    "SurveyState",
    "YearFacts",
]
