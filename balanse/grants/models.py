"""Balansepotten: a call per year, the applications to it, the staff's scores and decision, the payout and the
grantee's report. An application is a grant once it is decided (BACK-OFFICE.md "grants")."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class GrantCall(models.Model):
    """The year's call: what there is to give, when one may apply, and what the staff weigh."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    budget = models.PositiveIntegerField(_("budget (kr)"), default=0)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    intro_nb = models.TextField(_("about the call (Norwegian)"), blank=True)
    intro_en = models.TextField(_("about the call (English)"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("call")

    def __str__(self) -> str:
        return f"Balansepotten {self.year}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def intro(self) -> str:
        return self.intro_en if get_language() == "en" and self.intro_en else self.intro_nb


class Criterion(models.Model):
    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text_nb = models.CharField(_("criterion (Norwegian)"), max_length=300)
    text_en = models.CharField(_("criterion (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "position"], name="grants_criterion_position")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text_nb


class Status(models.TextChoices):
    """Draft and submitted are applications; the other four are BACK-OFFICE.md's statuses of a grant."""

    DRAFT = "utkast", _("draft")
    SUBMITTED = "sendt", _("submitted")
    GRANTED = "innvilget", _("granted, to be paid")
    POSTPONED = "utsatt", _("payout postponed")
    PAID = "utbetalt", _("paid out")
    DECLINED = "avslått", _("declined")


# The one transitions table: from a status, the statuses one may go to.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.GRANTED, Status.DECLINED},
    Status.GRANTED: {Status.PAID, Status.POSTPONED},
    Status.POSTPONED: {Status.PAID, Status.GRANTED},
    Status.PAID: set(),
    Status.DECLINED: set(),
}

# The statuses of a grant given (BACK-OFFICE.md: granted_total sums these).
GIVEN = (Status.GRANTED, Status.POSTPONED, Status.PAID)
DECIDED = (*GIVEN, Status.DECLINED)


class ApplicantKind(models.TextChoices):
    ORGANISATION = "organisation", _("an organisation (a member of Balansekunst)")
    PERSON = "person", _("a person (a supporting member)")


class ApplicationQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def applied(self):
        return self.exclude(status=Status.DRAFT)

    def given(self):
        return self.filter(status__in=GIVEN)


class Application(models.Model):
    """An application to a year's call; once decided, the grant (imported grants have no call)."""

    year = models.PositiveIntegerField(_("year"), db_index=True)
    call = models.ForeignKey(
        GrantCall, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    applicant_kind = models.CharField(
        _("who applies"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.ORGANISATION
    )
    applicant = models.CharField(_("applicant"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("member organisation"),
    )
    project = models.CharField(_("project title"), max_length=200, blank=True)
    description = models.TextField(_("project description"), blank=True)
    project_budget = models.PositiveIntegerField(_("the project's budget (kr)"), null=True, blank=True)
    amount_applied = models.PositiveIntegerField(_("amount applied for (kr)"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Review
    review_notes = models.TextField(_("the staff's notes"), blank=True)
    # Decision
    amount_granted = models.PositiveIntegerField(_("amount granted (kr)"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Payout
    paid_on = models.DateField(_("paid out on"), null=True, blank=True)
    postponed_to = models.PositiveIntegerField(_("payout postponed to"), null=True, blank=True)
    postponed_reason = models.TextField(_("why the payout is postponed"), blank=True)
    project_postponed = models.BooleanField(_("the project is postponed"), default=False)
    # The grantee's report
    report = models.TextField(_("the grantee's report"), blank=True)
    report_received_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["year", "project", "pk"]
        verbose_name = _("application")
        indexes = [models.Index(Lower("contact_email"), name="grants_applic_email_lower")]  # a person's data

    def __str__(self) -> str:
        return f"{self.project or '–'} ({self.applicant or '–'}, {self.year})"

    @property
    def amount(self) -> int | None:
        """The grant's amount (the amount applied for until it is decided; BACK-OFFICE.md's `amount`)."""
        if self.status in GIVEN:
            return self.amount_granted
        return self.amount_applied

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, set())


class Score(models.Model):
    """The staff's score (1–5) of one application on one criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="grants_score_once"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="grants_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class LetterKind(models.TextChoices):
    GRANTED = "granted", _("granting")
    DECLINED = "declined", _("decline")


class DecisionLetter(models.Model):
    """The decision letter the operator edits; {placeholders} are filled in for each application."""

    kind = models.CharField(max_length=12, choices=LetterKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"))

    def __str__(self) -> str:
        return self.get_kind_display()
