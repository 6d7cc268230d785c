"""Balansemerket: an organisation's way from application through course and measures to the mark."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    def holding_mark(self):
        """Certifications whose mark is valid today (certified, or in follow-up before the period ends)."""
        today = timezone.localdate()
        # After an early renewal the current period starts in the future while the previous one still
        # runs: the mark is valid when any of its periods has started and the latest has not ended.
        started = Period.objects.filter(certification=models.OuterRef("pk"), valid_from__lte=today)
        return self.filter(
            models.Q(valid_from__lte=today) | models.Exists(started),
            state__in=[Certification.State.CERTIFIED, Certification.State.FOLLOW_UP],
            valid_until__gte=today,
        )


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
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self):
        return f"{self.organisation} – {self.get_state_display()}"

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
        today = timezone.localdate()
        return (
            self.state in (self.State.CERTIFIED, self.State.FOLLOW_UP)
            and self.valid_from is not None
            and today <= self.valid_until
            and (self.valid_from <= today or self.periods.filter(valid_from__lte=today).exists())
        )

    def public_status(self, today: date | None = None) -> str:
        """valid / expired / withdrawn, for the public verification page."""
        today = today or timezone.localdate()
        if self.state == self.State.WITHDRAWN:
            return "withdrawn"
        if self.valid_until and self.valid_until >= today and self.state != self.State.EXPIRED:
            return "valid"
        return "expired"


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

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"

    def get_from_state_display_safe(self) -> str:
        return str(Certification.State(self.from_state).label) if self.from_state else ""


class CourseBooking(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="courses")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=200)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("course booking")
        verbose_name_plural = _("course bookings")

    def __str__(self):
        return f"{self.certification.organisation} {self.date}"


class GuidanceMeeting(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="meetings")
    cycle = models.PositiveIntegerField(default=1)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=4000)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("guidance meeting")
        verbose_name_plural = _("guidance meetings")

    def __str__(self):
        return f"{self.certification.organisation} {self.date}"


class FollowUpMeeting(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="follow_ups")
    cycle = models.PositiveIntegerField()
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")

    def __str__(self):
        return f"{self.certification.organisation} {self.date}"


class ChecklistKey(models.TextChoices):
    """The required measures (the interim checklist until the workbook plugs in)."""

    RISK_MAPPING = "risk_mapping", _("Risk mapping")
    RULES = "rules", _("Rules")
    ROUTINES = "routines", _("Routines")
    CONSEQUENCES = "consequences", _("Consequences")
    RESPONSIBILITY = "responsibility", _("Responsibility")
    CONVERSATIONS = "conversations", _("Conversations")
    CONTRACT_CLAUSE = "contract_clause", _("Contract clause")


class ChecklistItem(models.Model):
    """The interim checklist the operator keeps per certification and cycle."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="checklist")
    cycle = models.PositiveIntegerField(default=1)
    key = models.CharField(max_length=40, choices=ChecklistKey.choices)
    complete = models.BooleanField(_("complete"), default=False)
    note = models.CharField(_("what is missing"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["certification", "cycle", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "cycle", "key"], name="one_checklist_item_per_key"
            )
        ]

    def __str__(self):
        return f"{self.get_key_display()}: {'✓' if self.complete else '–'}"


class ReviewComment(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="comments")
    cycle = models.PositiveIntegerField(default=1)
    requirement_key = models.CharField(_("measure"), max_length=60)
    text = models.TextField(_("comment"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    # The organisation's answer: a commented measure is settled when it was changed after the comment, or
    # answered here (see queries.open_comments).
    reply = models.TextField(_("answer"), max_length=4000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return f"{self.requirement_key}: {self.text[:40]}"


class ReviewDraft(models.Model):
    """A comment the operator has typed in the review but not yet sent, kept until it is sent."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="review_drafts")
    cycle = models.PositiveIntegerField(default=1)
    requirement_key = models.CharField(_("measure"), max_length=60)
    text = models.TextField(_("comment"), max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review draft")
        verbose_name_plural = _("review drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "cycle", "requirement_key"], name="one_review_draft_per_measure"
            )
        ]

    def __str__(self):
        return f"{self.certification_id} {self.requirement_key}"


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


class YearTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    target = models.PositiveIntegerField(_("target"), help_text=_("Organisations to take through the scheme"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")

    def __str__(self):
        return f"{self.year}: {self.target}"


class CredentialKey(models.Model):
    """An Ed25519 key the issuer signs credentials with (see credentials.keys).

    Only the public half is in the database; the private half is a file next to CREDENTIAL_KEY_PATH (mode
    0600). One key is current and signs; replaced keys stay published so what they signed still verifies,
    unless they were marked compromised.
    """

    key_id = models.SlugField(_("key id"), max_length=20, unique=True)
    public_key_multibase = models.CharField(_("public key"), max_length=100, unique=True)
    file_name = models.CharField(_("private key file"), max_length=200)
    current = models.BooleanField(_("signs new credentials"), default=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    compromised_at = models.DateTimeField(_("marked as compromised"), null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("credential signing key")
        verbose_name_plural = _("credential signing keys")
        constraints = [
            models.UniqueConstraint(
                fields=["current"], condition=Q(current=True), name="one_current_credential_key"
            )
        ]

    def __str__(self):
        return self.key_id


class SizeChoice(models.TextChoices):
    SMALL = "1-9", _("1–9 people")
    MEDIUM = "10-49", _("10–49 people")
    LARGE = "50-249", _("50–249 people")
    XLARGE = "250+", _("250 or more")


class Application(models.Model):
    """What the organisation told Balansekunst when it applied: what the operator needs to plan the course."""

    certification = models.OneToOneField(Certification, on_delete=models.CASCADE, related_name="application")
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact person's e-mail"))
    contact_phone = models.CharField(_("contact person's phone"), max_length=30, blank=True)
    size = models.CharField(_("people in the organisation"), max_length=10, choices=SizeChoice.choices)
    hopes = models.TextField(_("what you hope to get out of it"), max_length=2000, blank=True)
    preferred_course_time = models.CharField(_("preferred time for the course"), max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return f"{self.certification.organisation} ({self.created:%Y-%m-%d})"


class SchemeSettings(models.Model):
    """What the operator sets for the scheme as a whole (one row)."""

    response_time = models.CharField(
        _("when Balansekunst answers an application"),
        max_length=100,
        default="innen to uker",
        help_text=_("Completes the sentence “Balansekunst contacts you …”, for example “within two weeks”."),
    )

    class Meta:
        verbose_name = _("scheme settings")
        verbose_name_plural = _("scheme settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "SchemeSettings":
        return cls.objects.order_by("pk").first() or cls()


class MarkRequest(models.Model):
    """“Vil du ha Balansemerket?”: an organisation without an account asks to hear more. The operator turns
    it into an organisation and an invitation in one step, or closes it."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        CONVERTED = "converted", _("Organisation created")
        CLOSED = "closed", _("Closed")

    organisation_name = models.CharField(_("name of the organisation"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    municipality = models.CharField(_("municipality or city"), max_length=100, blank=True)
    contact_name = models.CharField(_("your name"), max_length=200)
    email = models.EmailField(_("your e-mail address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="mark_requests"
    )

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("request for the mark")
        verbose_name_plural = _("requests for the mark")

    def __str__(self):
        return f"{self.organisation_name} ({self.get_state_display()})"
