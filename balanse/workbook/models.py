"""The measures workbook: one per certification cycle, made of sections whose content is stored as JSON,
each with a version number (optimistic concurrency) and a history of versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.certification.models import Certification
from balanse.organisations.models import Organisation


class SectionKey(models.TextChoices):
    """The sections; the keys are the certification's requirement keys."""

    RISK_MAPPING = "risk_mapping", _("Risk mapping")
    RULES = "rules", _("Rules")
    ROUTINES = "routines", _("Routines")
    CONSEQUENCES = "consequences", _("Consequences")
    RESPONSIBILITY = "responsibility", _("Responsibility")
    CONTRACT_CLAUSE = "contract_clause", _("Contract clause")
    CONVERSATIONS = "conversations", _("Conversations")


SECTION_SLUGS = {
    SectionKey.RISK_MAPPING: "kartlegging",
    SectionKey.RULES: "regler",
    SectionKey.ROUTINES: "rutiner",
    SectionKey.CONSEQUENCES: "konsekvenser",
    SectionKey.RESPONSIBILITY: "ansvar",
    SectionKey.CONTRACT_CLAUSE: "kontraktsklausul",
    SectionKey.CONVERSATIONS: "snakk-om-det",
}
SLUG_TO_KEY = {slug: key for key, slug in SECTION_SLUGS.items()}


class RiskFactor(models.Model):
    """One of the risk factors of cultural life (default content; the operator may edit the texts)."""

    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("description"), max_length=2000)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("risk factor")
        verbose_name_plural = _("risk factors")

    def __str__(self):
        return self.title


class RuleSuggestion(models.Model):
    """A suggested rule in the library (default content)."""

    slug = models.SlugField(unique=True)
    text = models.TextField(_("rule"), max_length=500)
    factors = models.ManyToManyField(RiskFactor, blank=True, verbose_name=_("risk factors"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("rule suggestion")
        verbose_name_plural = _("rule suggestions")

    def __str__(self):
        return self.text[:60]


class ContentText(models.Model):
    """A text of default content: guidance per section, discussion prompts, the contract clause template."""

    key = models.SlugField(unique=True, max_length=80)
    text = models.TextField(_("text"), max_length=6000)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("workbook text")
        verbose_name_plural = _("workbook texts")

    def __str__(self):
        return self.key


class Workbook(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workbooks", verbose_name=_("organisation")
    )
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="workbooks", verbose_name=_("certification")
    )
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("workbook")
        verbose_name_plural = _("workbooks")
        constraints = [
            models.UniqueConstraint(fields=["certification", "cycle"], name="one_workbook_per_cycle")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.created:%Y})"

    @property
    def is_current(self) -> bool:
        return self.cycle == self.certification.cycle

    @property
    def editable(self) -> bool:
        """Open for editing while the organisation works on its measures (not in review, not certified)."""
        return self.is_current and self.certification.state in (
            Certification.State.MEASURES,
            Certification.State.FOLLOW_UP,
        )


class Section(models.Model):
    workbook = models.ForeignKey(Workbook, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40, choices=SectionKey.choices)
    data = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workbook", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["workbook", "key"], name="one_section_per_key")]

    def __str__(self):
        return f"{self.workbook}: {self.get_key_display()}"

    @property
    def slug(self) -> str:
        return SECTION_SLUGS[self.key]


class SectionVersion(models.Model):
    """The history: every saved version of a section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["section", "version"], name="one_row_per_section_version")
        ]

    def __str__(self):
        return f"{self.section} v{self.version}"


class PlanShare(models.Model):
    """A link to the organisation's plan for people without an account. Only the token's hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plan_shares")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("shared plan link")
        verbose_name_plural = _("shared plan links")

    def __str__(self):
        return f"{self.organisation} {self.created:%Y-%m-%d}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
