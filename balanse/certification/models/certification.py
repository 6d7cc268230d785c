"""A certification, its one-year periods, its history and the reminders sent before a period ends."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core.labels import choice_label
from balanse.organisations.models import Organisation


class CertificationQuerySet(models.QuerySet):
    def active(self):
        """Not ended: neither expired nor withdrawn."""
        return self.exclude(state__in=[Certification.State.EXPIRED, Certification.State.WITHDRAWN])

    def current_for(self, organisation):
        """The organisation's latest certification that is not expired or withdrawn, else None."""
        return self.active().filter(organisation=organisation).order_by("-created", "-pk").first()

    def latest_for(self, organisation):
        return self.filter(organisation=organisation).order_by("-created", "-pk").first()

    def holding_mark(self, today: date | None = None):
        """Certifications whose mark is valid `today` (see `mark_status`, the same rule for one mark)."""
        today = today or timezone.localdate()
        covering = Period.objects.filter(
            certification=models.OuterRef("pk"), valid_from__lte=today, valid_until__gte=today
        )
        return self.filter(state__in=MARK_STATES, valid_until__gte=today).filter(
            Q(valid_from__lte=today) | models.Exists(covering)
        )


def state_label(value: str) -> str:
    """The label of a state in the active language, as `get_state_display` gives it, translated once per
    language (`choice_label`): a list of states names one on each row."""
    return choice_label(Certification.State, value)


class Certification(models.Model):
    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        COURSE = "course", _("Course")
        MEASURES = "measures", _("Measures")
        IN_REVIEW = "in_review", _("In review")
        CERTIFIED = "certified", _("Certified")
        FOLLOW_UP = "follow_up", _("Follow-up")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.APPLIED)
    state_changed_at = models.DateTimeField(_("in this state since"), default=timezone.now, db_index=True)
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    certificate_number = models.CharField(_("certificate number"), max_length=20, blank=True, db_index=True)
    # The current (latest) period, denormalised from Period so lists need no extra queries.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The mark's place in the signed revocation list: random for new marks (see credentials.status_list).
    status_list_index = models.PositiveIntegerField(
        _("status list index"), null=True, blank=True, unique=True, editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=~Q(state__in=["expired", "withdrawn"]),
                name="one_active_certification_per_org",
                violation_error_message=_("This organisation already has an ongoing certification."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="unique_certificate_number",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "valid_until"]),
            # An organisation's latest certification (the pipeline, the lists and pages that take the latest).
            models.Index(fields=["organisation", "created", "id"], name="cert_org_latest_idx"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_state_display()}"

    def get_state_display(self) -> str:
        return state_label(self.state)

    @property
    def version(self) -> str:
        """A token that changes with every save; forms carry it to detect stale submissions."""
        return self.updated.isoformat() if self.updated else ""

    @property
    def is_locked(self) -> bool:
        """The submission is locked while it is being reviewed."""
        return self.state == self.State.IN_REVIEW

    @property
    def has_valid_mark(self) -> bool:
        return self.public_status() == "valid"

    def public_status(self, today: date | None = None) -> str:
        """valid / not_yet_valid / expired / withdrawn, for the public verification page (see `mark_status`)."""
        today = today or timezone.localdate()
        if "periods" in getattr(self, "_prefetched_objects_cache", {}):
            periods = [(p.valid_from, p.valid_until) for p in self.periods.all()]
        else:
            # Read only when the latest period has not started (an early renewal): even the queryset is built
            # only then (building one costs more than the rest of a page's status).
            periods = self._periods_running(today)
        return mark_status(
            state=self.state,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            periods=periods,
            today=today,
        )

    def _periods_running(self, today: date):
        """(valid_from, valid_until) of the periods running on `today`, read when first iterated."""
        yield from self.periods.filter(valid_from__lte=today, valid_until__gte=today).values_list(
            "valid_from", "valid_until"
        )


# The one rule of "the mark is valid": `mark_status` for one certification, `holding_mark()` the same in SQL.
MARK_STATES = (Certification.State.CERTIFIED, Certification.State.FOLLOW_UP)


def mark_status(
    *,
    state: str,
    valid_from: date | None,
    valid_until: date | None,
    periods: Iterable[tuple[date, date]],
    today: date,
) -> str:
    """Where a mark stands on `today`: "valid", "not_yet_valid", "expired" or "withdrawn".

    The mark is valid when the certification holds it (certified, or in the follow-up of the next year) and
    one of its periods covers today: the current one (`valid_from`–`valid_until`, the latest period), or an
    earlier one that still runs after an early renewal (the new period starts when the old one ends).
    Awarded or renewed to start later, with no period running today, it is "not_yet_valid".
    `periods` (valid_from, valid_until) are read only in that last case, so a lazy QuerySet costs nothing
    for a mark that has started.
    """
    if state == Certification.State.WITHDRAWN:
        return "withdrawn"
    if state not in MARK_STATES or valid_until is None or valid_until < today:
        return "expired"
    if valid_from is not None and valid_from <= today:
        return "valid"
    if any(start <= today <= end for start, end in periods):
        return "valid"
    return "not_yet_valid"


class Period(models.Model):
    """One year of a mark. A renewal adds a period to the same certification (same certificate number)."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="periods")
    cycle = models.PositiveIntegerField(_("cycle"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["certification", "valid_from"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.UniqueConstraint(fields=["certification", "cycle"], name="one_period_per_cycle")
        ]

    def __str__(self):
        return f"{self.certification.certificate_number} {self.valid_from}–{self.valid_until}"


class StateChange(models.Model):
    """The history: who moved a certification from which state to which, when and why."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=20, choices=Certification.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Certification.State.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    cycle = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        indexes = [
            # A certification's latest changes (its pages show the 10 latest).
            models.Index(fields=["certification", "at", "id"], name="statechange_latest_idx"),
            # The year's steps (the dashboard's and the annual report's figures): only the steps counted.
            models.Index(
                fields=["to_state", "from_state", "at", "certification"], name="statechange_step_idx"
            ),
        ]

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"

    def get_from_state_display(self) -> str:
        return state_label(self.from_state)

    def get_to_state_display(self) -> str:
        return state_label(self.to_state)


class Reminder(models.Model):
    """One reminder e-mail round sent for a period; its existence makes the daily command idempotent."""

    class Kind(models.TextChoices):
        DAYS_60 = "60", _("60 days before expiry")
        DAYS_14 = "14", _("14 days before expiry")
        ON_THE_DAY = "0", _("On the day of expiry")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sent_at"]
        constraints = [models.UniqueConstraint(fields=["period", "kind"], name="one_reminder_per_kind")]

    def __str__(self):
        return f"{self.period} ({self.kind})"
