"""The work on the way to the mark: the course booking, guidance and follow-up meetings, the interim checklist,
and the review's comments and drafts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.certification.models.certification import Certification


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
