"""The annual report of a year: a draft with the staff's texts, then published and frozen as a snapshot."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Section(models.TextChoices):
    """The report's sections in the order of the 2020 report."""

    INTRODUCTION = "introduction", _("Introduction")
    KEY_FIGURES = "key_figures", _("Key figures")
    MEMBERS = "members", _("Members")
    ACTIVITIES = "activities", _("Activities")
    CERTIFICATION = "certification", _("Balansemerket")
    DIGITAL = "digital", _("Digital tools")
    BALANSEPOTTEN = "balansepotten", _("Balansepotten")
    ADVISORY = "advisory", _("The advisory line")
    COMMUNICATION = "communication", _("Information and policy work")
    BOARD = "board", _("Board and staff")
    DIVERSITY = "diversity", _("Diversity in the board")
    FINANCE = "finance", _("Finance")


class AnnualReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(
        _("published content"),
        null=True,
        blank=True,
        help_text=_("Everything the published report shows, kept as it was when it was published."),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self):
        return f"{self.year}"

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED


class SectionText(models.Model):
    """The staff's text for one section of one year's report, in one language (Markdown)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    language = models.CharField(_("language"), max_length=2, choices=[("nb", "Norsk"), ("en", "English")])
    body = models.TextField(_("text (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [
            models.UniqueConstraint(fields=["report", "section", "language"], name="report_section_text_once")
        ]

    def __str__(self):
        return f"{self.report} {self.section} {self.language}"
