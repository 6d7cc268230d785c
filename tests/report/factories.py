"""Factories for the annual report's registers: board and staff, the year's facts, finance, the report and
its texts, and the board's anonymous survey. Everything is made through balanse.report.services, the way
the staff's pages (and the board member's single-use link) make it."""

from decimal import Decimal

import factory
from django.core import mail
from django.test import TestCase

from balanse.report import services
from balanse.report.models import (
    AnnualReport,
    Answer,
    Body,
    FinanceLine,
    FinanceMapping,
    Option,
    Position,
    Question,
    QuestionKind,
    Response,
    Role,
    Section,
    SectionText,
    Survey,
    SurveyLink,
    YearFacts,
)
from tests.factories import OperatorFactory

# Board and staff


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    year = 2020
    body = Body.BOARD
    role = Role.MEMBER
    name = factory.Sequence(lambda n: f"Styremedlem {n}")
    email = factory.Sequence(lambda n: f"styremedlem{n}@example.org")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        position = model_class(**fields)
        position.full_clean()
        return services.save_position(position=position, by=by)


class YearFactsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearFacts

    year = factory.Sequence(lambda n: 2030 + n)
    sick_leave_percent = Decimal("2.5")
    certification_target = 40
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, year, by, **values):
        model_class(year=year, **values).full_clean(validate_unique=False)
        return services.save_year_facts(year=year, by=by, **values)


# Finance


class FinanceLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinanceLine

    year = 2020
    line = factory.Sequence(lambda n: f"{3100 + n} Tilskudd")
    amount = 500000
    report_line = ""
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, by, **fields):
        line = model_class(**fields)
        line.full_clean()
        return services.save_finance_line(line=line, by=by)


class FinanceMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinanceMapping

    source = factory.Sequence(lambda n: f"{3200 + n} Prosjekttilskudd")
    report_line = "Offentlige tilskudd"
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, source, report_line, by):
        return services.map_finance_line(source=source, report_line=report_line, by=by)


# The report


class AnnualReportFactory(factory.django.DjangoModelFactory):
    """A year's report as a draft (made when the staff first open the year)."""

    class Meta:
        model = AnnualReport

    year = factory.Sequence(lambda n: 2030 + n)

    @classmethod
    def _create(cls, model_class, *, year):
        return services.get_report(year)


class SectionTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectionText

    report = factory.SubFactory(AnnualReportFactory)
    section = Section.INTRODUCTION
    language = "nb"
    body = "Året ble preget av **mange nye medlemmer**."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.save_section_text(**kwargs)


# The board survey


class SurveyFactory(factory.django.DjangoModelFactory):
    """A survey being prepared, with the default questionnaire."""

    class Meta:
        model = Survey

    year = factory.Sequence(lambda n: 2030 + n)
    threshold = 3
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.create_survey(**kwargs)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question the operator adds to a survey being prepared (“prefer not to answer” comes with it)."""

    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    text_nb = factory.Sequence(lambda n: f"Spørsmål {n}?")
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    kind = QuestionKind.CHOICE
    options = (("Ja", "Yes"), ("Nei", "No"))
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, options, **kwargs):
        return services.save_question(question=None, options=list(options), **kwargs)


class OptionFactory(factory.django.DjangoModelFactory):
    """An answer added last to a choice question. The service writes the question's list anew, so an option
    made before for the same question is replaced by an equal one (with another pk)."""

    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory, options=())
    text_nb = factory.Sequence(lambda n: f"Svar {n}")
    text_en = factory.Sequence(lambda n: f"Answer {n}")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, question, text_nb, text_en, by):
        options = [(o.text_nb, o.text_en) for o in question.options.filter(declines=False).order_by("order")]
        services.save_question(
            survey=question.survey,
            by=by,
            question=question,
            text_nb=question.text_nb,
            text_en=question.text_en,
            kind=question.kind,
            options=[*options, (text_nb, text_en)],
        )
        return question.options.get(declines=False, order=len(options))


class SurveyLinkFactory(factory.django.DjangoModelFactory):
    """A board member's single-use link, sent by e-mail (which opens the survey). The link's token, which
    only the e-mail holds, is put on the object as `token` for tests that answer with it."""

    class Meta:
        model = SurveyLink

    survey = factory.SubFactory(SurveyFactory)
    email = factory.Sequence(lambda n: f"styremedlem{n}@example.org")
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, survey, email, by):
        with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail goes once the change commits
            services.send_survey(survey=survey, recipients=[email], by=by)
        link = SurveyLink.objects.get(survey=survey, email=email.lower())
        message = next(
            m for m in reversed(mail.outbox) if m.to == [link.email] and "/styreundersokelse/" in m.body
        )
        link.token = message.body.split("/styreundersokelse/")[1].split("/")[0]
        return link


def first_answers(survey: Survey) -> dict[int, dict]:
    """An answer to every question: the first option, or 44 where a number is asked."""
    return {
        question.pk: {"number": 44}
        if question.kind == QuestionKind.NUMBER
        else {"option": question.options.all()[0].pk}
        for question in survey.questions.prefetch_related("options")
    }


class ResponseFactory(factory.django.DjangoModelFactory):
    """One board member's anonymous response, submitted through their link."""

    class Meta:
        model = Response

    link = factory.SubFactory(SurveyLinkFactory)
    answers = factory.LazyAttribute(lambda o: first_answers(o.link.survey))

    @classmethod
    def _create(cls, model_class, *, link, answers):
        services.submit_answers(token=link.token, answers=answers)
        return Response.objects.filter(survey=link.survey).latest("pk")


class AnswerFactory(factory.django.DjangoModelFactory):
    """A response with one answer: an option of a choice question (the survey's first by default)."""

    class Meta:
        model = Answer

    link = factory.SubFactory(SurveyLinkFactory)
    question = factory.LazyAttribute(
        lambda o: o.link.survey.questions.filter(kind=QuestionKind.CHOICE).order_by("order", "pk").first()
    )
    option = factory.LazyAttribute(lambda o: o.question.options.filter(declines=False).first())

    @classmethod
    def _create(cls, model_class, *, link, question, option):
        services.submit_answers(token=link.token, answers={question.pk: {"option": option.pk}})
        return Answer.objects.filter(question=question).latest("pk")
