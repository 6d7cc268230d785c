"""Finance: the year's income and expense lines, and how the accounts' line names map to the report's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FinanceLine(models.Model):
    """One line of the year's accounts: income positive, expense negative (BACK-OFFICE.md `finance`)."""

    year = models.PositiveSmallIntegerField(_("year"))
    line = models.CharField(_("line"), max_length=200, help_text=_("As in the accounting system's export."))
    amount = models.BigIntegerField(_("amount (kr)"), help_text=_("Income positive, expense negative."))
    report_line = models.CharField(
        _("line in the report"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the line's own name, or the mapping for it."),
    )

    class Meta:
        ordering = ["year", "-amount", "line"]
        verbose_name = _("finance line")
        verbose_name_plural = _("finance lines")
        constraints = [models.UniqueConstraint(fields=["year", "line"], name="report_finance_line_once")]

    def __str__(self):
        return f"{self.year} {self.line}"


class FinanceMapping(models.Model):
    """An accounts line name (“3100 Tilskudd KUD”) and the report line it is shown under."""

    source = models.CharField(_("line in the accounts"), max_length=200, unique=True)
    report_line = models.CharField(_("line in the report"), max_length=200)

    class Meta:
        ordering = ["source"]
        verbose_name = _("finance line mapping")
        verbose_name_plural = _("finance line mappings")

    def __str__(self):
        return f"{self.source} → {self.report_line}"
