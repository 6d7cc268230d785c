"""What changes the report's registers: board and staff, finance, the report itself, and the board survey.

Each function runs in one transaction and writes the audit log (never the content of a survey answer, and
never who answered).
"""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url, hash_token
from balanse.report.models import (
    AnnualReport,
    Answer,
    FinanceLine,
    FinanceMapping,
    Option,
    Position,
    Question,
    QuestionKind,
    ReportState,
    Response,
    SectionText,
    Survey,
    SurveyLink,
    SurveyState,
    YearFacts,
)
from balanse.report.questionnaire import DECLINE, DEFAULT_QUESTIONS


class ReportError(Exception):
    """A change that is not allowed now; the message is for the person (translated by the caller's view)."""


# Board and staff


@transaction.atomic
def save_position(*, position: Position, by) -> Position:
    created = position.pk is None
    position.save()
    audit.record(
        actor=by, action="report.position_created" if created else "report.position_changed", obj=position
    )
    return position


@transaction.atomic
def delete_position(*, position: Position, by) -> None:
    audit.record(actor=by, action="report.position_deleted", obj=position)
    position.delete()


@transaction.atomic
def save_year_facts(*, year: int, by, **values) -> YearFacts:
    facts, _ = YearFacts.objects.get_or_create(year=year)
    for name, value in values.items():
        setattr(facts, name, value)
    facts.save()
    audit.record(actor=by, action="report.year_facts_changed", obj=facts, fields=sorted(values))
    return facts


# Finance


@transaction.atomic
def save_finance_line(*, line: FinanceLine, by) -> FinanceLine:
    created = line.pk is None
    line.save()
    audit.record(actor=by, action="report.finance_line_saved", obj=line, created=created)
    return line


@transaction.atomic
def delete_finance_line(*, line: FinanceLine, by) -> None:
    audit.record(actor=by, action="report.finance_line_deleted", obj=line)
    line.delete()


@transaction.atomic
def map_finance_line(*, source: str, report_line: str, by) -> FinanceMapping | None:
    """Show the accounts' line `source` under `report_line` in every year (empty report_line: unmap)."""
    source = source.strip()
    if not report_line.strip():
        FinanceMapping.objects.filter(source=source).delete()
        return None
    mapping, _ = FinanceMapping.objects.update_or_create(
        source=source, defaults={"report_line": report_line.strip()}
    )
    audit.record(actor=by, action="report.finance_mapped", obj=mapping)
    return mapping


# The report


def get_report(year: int) -> AnnualReport:
    report, _ = AnnualReport.objects.get_or_create(year=year)
    return report


@transaction.atomic
def save_section_text(*, report: AnnualReport, section: str, language: str, body: str, by) -> SectionText:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ReportError("published")
    text, _ = SectionText.objects.update_or_create(
        report=report, section=section, language=language, defaults={"body": body}
    )
    audit.record(actor=by, action="report.text_saved", obj=report, section=section, language=language)
    return text


@transaction.atomic
def publish_report(*, report: AnnualReport, by) -> AnnualReport:
    """Freeze the report: everything the page and the PDF show is kept in `snapshot`, as it is now."""
    from balanse.report.content import build_content

    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ReportError("published")
    report.snapshot = build_content(report.year, report=report)
    report.state = ReportState.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = by
    report.save()
    audit.record(actor=by, action="report.published", obj=report)
    return report


@transaction.atomic
def unpublish_report(*, report: AnnualReport, by) -> AnnualReport:
    """Back to draft (to correct a mistake); the snapshot is dropped, the figures are read again."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report.state = ReportState.DRAFT
    report.snapshot = None
    report.published_at = None
    report.save()
    audit.record(actor=by, action="report.unpublished", obj=report)
    return report


# The board survey


@transaction.atomic
def create_survey(*, year: int, by, threshold: int | None = None) -> Survey:
    """A survey for `year` with the default questionnaire (each question with “prefer not to answer”)."""
    survey, created = Survey.objects.get_or_create(year=year)
    if not created:
        return survey
    if threshold is not None:
        survey.threshold = threshold
        survey.save()
    for order, (key, kind, text_nb, text_en, options) in enumerate(DEFAULT_QUESTIONS):
        question = Question.objects.create(
            survey=survey, order=order, key=key, kind=kind, text_nb=text_nb, text_en=text_en
        )
        Option.objects.bulk_create(
            [Option(question=question, order=i, text_nb=nb, text_en=en) for i, (nb, en) in enumerate(options)]
            + [
                Option(
                    question=question,
                    order=len(options),
                    text_nb=DECLINE[0],
                    text_en=DECLINE[1],
                    declines=True,
                )
            ]
        )
    audit.record(actor=by, action="report.survey_created", obj=survey)
    return survey


def _editable(survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyState.DRAFT:
        raise ReportError("not_draft")
    return survey


@transaction.atomic
def set_threshold(*, survey: Survey, threshold: int, by) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == SurveyState.CLOSED:
        raise ReportError("closed")
    survey.threshold = threshold
    survey.save(update_fields=["threshold"])
    audit.record(actor=by, action="report.survey_threshold", obj=survey, threshold=threshold)
    return survey


@transaction.atomic
def save_question(
    *, survey: Survey, by, question: Question | None, text_nb: str, text_en: str, kind: str, options: list
) -> Question:
    """Add or change a question; `options` are (nb, en) pairs. “Prefer not to answer” is always kept."""
    survey = _editable(survey)
    if question is None:
        order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        key = f"q{order}-{secrets.token_hex(3)}"
        question = Question(survey=survey, order=order, key=key)
    question.text_nb, question.text_en, question.kind = text_nb, text_en, kind
    question.save()
    question.options.filter(declines=False).delete()
    if kind == QuestionKind.CHOICE:
        Option.objects.bulk_create(
            [Option(question=question, order=i, text_nb=nb, text_en=en) for i, (nb, en) in enumerate(options)]
        )
    if not question.options.filter(declines=True).exists():
        Option.objects.create(
            question=question, order=99, text_nb=DECLINE[0], text_en=DECLINE[1], declines=True
        )
    audit.record(actor=by, action="report.survey_question_saved", obj=survey, question=question.key)
    return question


@transaction.atomic
def delete_question(*, question: Question, by) -> None:
    survey = _editable(question.survey)
    audit.record(actor=by, action="report.survey_question_deleted", obj=survey, question=question.key)
    question.delete()


@transaction.atomic
def send_survey(
    *, survey: Survey, recipients: list[str], by, language: str | None = None, request=None
) -> int:
    """Open the survey and e-mail each address a single-use link (an address already sent one is skipped).
    Returns how many links went out."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == SurveyState.CLOSED:
        raise ReportError("closed")
    if survey.state == SurveyState.DRAFT:
        if not survey.questions.exists():
            raise ReportError("no_questions")
        survey.state = SurveyState.OPEN
        survey.opened_on = timezone.localdate()
    sent = 0
    for email in dict.fromkeys(address.strip().lower() for address in recipients if address.strip()):
        if SurveyLink.objects.filter(survey=survey, email=email).exists():
            continue
        token = secrets.token_urlsafe(24)
        SurveyLink.objects.create(survey=survey, email=email, token_hash=hash_token(token))
        send_email(
            to=email,
            template="report/email/survey",
            context={
                "year": survey.year,
                "url": absolute_url(f"/styreundersokelse/{token}/", request=request),
            },
            language=language,
        )
        sent += 1
    survey.eligible = survey.links.count()
    survey.save()
    audit.record(actor=by, action="report.survey_sent", obj=survey, links=sent)
    return sent


@transaction.atomic
def remind(*, survey: Survey, by, request=None) -> int:
    """A new link to everyone whose link is not used yet (the old one stops working)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyState.OPEN:
        raise ReportError("not_open")
    count = 0
    for link in survey.links.filter(used=False):
        token = secrets.token_urlsafe(24)
        link.token_hash = hash_token(token)
        link.save(update_fields=["token_hash"])
        send_email(
            to=link.email,
            template="report/email/survey_reminder",
            context={
                "year": survey.year,
                "url": absolute_url(f"/styreundersokelse/{token}/", request=request),
            },
        )
        count += 1
    audit.record(actor=by, action="report.survey_reminded", obj=survey, links=count)
    return count


def link_for_token(token: str) -> SurveyLink | None:
    return (
        SurveyLink.objects.select_related("survey")
        .filter(token_hash=hash_token(token), used=False, survey__state=SurveyState.OPEN)
        .first()
    )


@transaction.atomic
def submit_answers(*, token: str, answers: dict[int, dict]) -> None:
    """Store one anonymous response and mark the link used, in one step. `answers` maps a question id to
    {"option": Option id} or {"number": int}; unanswered questions are left out. No audit entry names anyone,
    and the response keeps no time, link or person."""
    link = (
        SurveyLink.objects.select_for_update()
        .filter(token_hash=hash_token(token))
        .select_related("survey")
        .first()
    )
    if link is None or link.used or link.survey.state != SurveyState.OPEN:
        raise ReportError("link_used")
    survey = link.survey
    questions = {q.pk: q for q in survey.questions.prefetch_related("options")}
    response = Response.objects.create(survey=survey)
    rows = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ReportError("bad_answer")
        option_id, number = value.get("option"), value.get("number")
        if option_id is not None and option_id not in {o.pk for o in question.options.all()}:
            raise ReportError("bad_answer")
        rows.append(Answer(response=response, question=question, option_id=option_id, number=number))
    Answer.objects.bulk_create(rows)
    link.used = True
    link.save(update_fields=["used"])


@transaction.atomic
def close_survey(*, survey: Survey, by) -> Survey:
    """Close: no more answers; every link (the only record of who was offered it and who used it) is deleted."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state == SurveyState.CLOSED:
        return survey
    survey.eligible = max(survey.eligible, survey.links.count())
    survey.links.all().delete()
    survey.state = SurveyState.CLOSED
    survey.closed_on = date.today()
    survey.save()
    audit.record(actor=by, action="report.survey_closed", obj=survey)
    return survey
