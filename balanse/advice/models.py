from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AdviceContact(models.Model):
    """A place to seek advice about sexual harassment and discrimination (the brochure's "Søk råd")."""

    slug = models.SlugField(unique=True, help_text=_("A stable identifier, used when loading default data."))
    name = models.CharField(_("name (Norwegian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("what they help with (Norwegian)"), blank=True, max_length=1000)
    description_en = models.TextField(_("what they help with (English)"), blank=True, max_length=1000)
    opening_hours = models.CharField(_("opening hours (Norwegian)"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours (English)"), max_length=200, blank=True)
    weekly_hours = models.CharField(
        _("weekly hours (as data)"),
        max_length=200,
        blank=True,
        help_text=_("For “open now” on the page, for example “tir 12–15; tor 12–15”. Empty: not shown."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("web address"), blank=True)
    position = models.PositiveSmallIntegerField(_("order on the page"), default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("advice contact")
        verbose_name_plural = _("advice contacts")

    def __str__(self):
        return self.name

    def _localised(self, field: str) -> str:
        if (get_language() or "nb").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)

    @property
    def display_name(self) -> str:
        return self._localised("name")

    @property
    def display_description(self) -> str:
        return self._localised("description")

    @property
    def display_opening_hours(self) -> str:
        return self._localised("opening_hours")

    def line_status(self, now=None):
        """Open now, or when it opens next (from `weekly_hours`); None when it has no hours as data."""
        from balanse.advice import hours

        if not self.weekly_hours:
            return None
        try:
            return hours.status(hours.parse(self.weekly_hours), now)
        except ValueError:
            return None

    @property
    def phone_href(self) -> str:
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits if digits.startswith('+') else '+47' + digits}" if digits else ""
