"""The board's anonymous diversity survey.

Anonymity by construction: a `Response` and its `Answer`s have no foreign key, timestamp or order that leads
to a person or to the link that was used. `SurveyLink` knows the person (the address the link went to) and
only whether it was used, for reminders; every link is deleted when the survey closes. The questionnaire is
data (nb/en), copied into each survey so that a later edit never changes a closed survey's meaning.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Taking answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    CHOICE = "choice", _("One answer from a list")
    NUMBER = "number", _("A whole number (such as age)")


DEFAULT_THRESHOLD = 3


class Survey(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    threshold = models.PositiveSmallIntegerField(
        _("smallest count shown"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_(
            "Counts under this are hidden in the results (with another count, so they cannot be worked out)."
        ),
    )
    eligible = models.PositiveSmallIntegerField(_("offered the survey"), default=0)
    opened_on = models.DateField(_("opened"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("board survey")
        verbose_name_plural = _("board surveys")

    def __str__(self):
        return f"{self.year}"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.CHOICE
    )
    text_nb = models.CharField(_("question (Norwegian)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="report_question_key_once")]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nb").startswith("en") else self.text_nb


class Option(models.Model):
    """An answer to choose. `declines` marks “prefer not to answer”, which every question has."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_nb = models.CharField(_("answer (Norwegian)"), max_length=200)
    text_en = models.CharField(_("answer (English)"), max_length=200)
    declines = models.BooleanField(_("prefer not to answer"), default=False)

    class Meta:
        ordering = ["declines", "order", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "nb").startswith("en") else self.text_nb


class SurveyLink(models.Model):
    """A single-use link sent to one board member. Deleted, all of them, when the survey closes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    email = models.EmailField(_("sent to"))
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        indexes = [models.Index(Lower("email"), name="report_link_email_lower")]  # a person's data
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="report_survey_link_once")]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Response(models.Model):
    """One submitted questionnaire: the survey only. No person, no link, no time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="report_answer_once_per_question")
        ]

    def __str__(self):
        return f"{self.question_id}"
