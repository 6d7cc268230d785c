"""The communication register (BACK-OFFICE.md "communication"): media stories, op-eds, policy meetings and
consultation responses, one row each; the year's totals the staff have without rows; and the yearly key
figures typed by the staff for what lives elsewhere (website visitors, social media growth)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryType(models.TextChoices):
    # The values are BACK-OFFICE.md's file values.
    MEDIA = "medieoppslag", _("Media story")
    OP_ED = "kronikk", _("Op-ed")
    POLICY_MEETING = "politisk møte", _("Policy meeting")
    CONSULTATION = "høringsinnspill", _("Consultation response")


class EntryQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(date__year=year)


class Entry(models.Model):
    date = models.DateField(_("date"), db_index=True)
    type = models.CharField(_("type"), max_length=20, choices=EntryType.choices)
    title = models.CharField(_("title"), max_length=300)
    outlet = models.CharField(
        _("outlet or body"),
        max_length=200,
        blank=True,
        help_text=_("The newspaper, channel, ministry or committee."),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("communication entry")
        verbose_name_plural = _("communication entries")

    def __str__(self):
        return f"{self.get_type_display()}: {self.title} ({self.date.isoformat()})"


class SupplementaryCount(models.Model):
    """What the staff have as a total without rows for a year (BACK-OFFICE.md): the figures add it."""

    year = models.PositiveSmallIntegerField(_("year"))
    type = models.CharField(_("type"), max_length=20, choices=EntryType.choices)
    count = models.PositiveIntegerField(_("number"))
    note = models.TextField(_("note"), max_length=2000, help_text=_("Why these are not listed one by one."))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["year", "type", "pk"]
        verbose_name = _("supplementary count")
        verbose_name_plural = _("supplementary counts")

    def __str__(self):
        return f"{self.year}: {self.count} × {self.get_type_display()}"


class KeyFigure(models.Model):
    """A figure of the year kept elsewhere (the website's statistics, a social network), typed by the staff."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(
        _("figure"), max_length=200, help_text=_("For example “Unique visitors on the website”.")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=1)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example “visitors” or “%”.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year", "name"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="communication_one_figure_per_name")
        ]

    def __str__(self):
        return f"{self.year}: {self.name}"

    @property
    def display_value(self) -> str:
        return str(int(self.value)) if self.value == int(self.value) else str(self.value)
