"""The online course: course → versions → modules → steps, and each learner's progress.

Content is versioned: operators edit a draft version and publish it as a new version. Progress and
reflections are keyed by the course and a step's stable key, so they carry over to a new version wherever
the step (its key) still exists.
"""

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Course(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Replaced by a newer version")


class CourseVersionQuerySet(models.QuerySet):
    def published(self):
        """The version learners take: at most one per course (a constraint below)."""
        return self.filter(state=VersionState.PUBLISHED)


class CourseVersion(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = CourseVersionQuerySet.as_manager()

    class Meta:
        ordering = ["course", "-number"]
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_number_unique"),
            models.UniqueConstraint(
                fields=["course"], condition=Q(state="published"), name="one_published_version_per_course"
            ),
            models.UniqueConstraint(
                fields=["course"], condition=Q(state="draft"), name="one_draft_version_per_course"
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    key = models.SlugField(_("key"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="module_key_unique")]

    def __str__(self):
        return self.title


class StepKind(models.TextChoices):
    TEXT = "text", _("Text")
    VIDEO = "video", _("Video")
    QUIZ = "quiz", _("Quiz")
    REFLECTION = "reflection", _("Reflection")
    CASE = "case", _("Case")


class Step(models.Model):
    """One step. `data` holds what the kind needs:
    video: {"url": str, "captions": "WEBVTT…"}; quiz: {"questions": [{"key", "text", "multiple",
    "options": [{"key", "text", "correct", "feedback"}]}]}; reflection: {"prompt": str};
    case: {"start": node key, "nodes": [{"key", "text", "ending": bool, "choices": [{"key", "text",
    "feedback", "next"}]}]}."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable name; keeps learners' progress."))
    kind = models.CharField(_("type"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    video_file = models.FileField(
        _("video file"),
        upload_to="course/video/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm", "ogv"])],
        help_text=_("MP4, WebM or Ogg video. Or give an address (URL) below."),
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["module__position", "position", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [models.UniqueConstraint(fields=["module", "key"], name="step_key_unique")]

    def __str__(self):
        return self.title


class CourseOffer(models.Model):
    """A course made available to an organisation: the join link and the follow-up meeting."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="course_offers"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="offers")
    join_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    join_enabled = models.BooleanField(_("join link on"), default=False)
    meeting_at = models.DateTimeField(_("follow-up meeting"), null=True, blank=True)
    meeting_link = models.URLField(_("video meeting link"), blank=True)
    meeting_note = models.CharField(_("note about the meeting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("course offer")
        verbose_name_plural = _("course offers")
        constraints = [models.UniqueConstraint(fields=["organisation", "course"], name="one_offer_per_org")]

    def __str__(self):
        return f"{self.course} – {self.organisation}"


class EnrollmentQuerySet(models.QuerySet):
    def started(self):
        return self.filter(started_at__isnull=False)

    def completed(self):
        return self.filter(completed_at__isnull=False)


class Enrollment(models.Model):
    """A learner's place in a course through an organisation. Holds no answers."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="course_enrollments"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    invited_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "organisation", "user__full_name", "user__email"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(fields=["course", "organisation", "user"], name="one_enrollment_per_org")
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"


class StepCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    step_key = models.CharField(max_length=60)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("completed step")
        verbose_name_plural = _("completed steps")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "step_key"], name="one_completion_per_step")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.step_key}"


class Reflection(models.Model):
    """A learner's private answer. Linked only to the learner: no organisation, no operator view."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    step_key = models.CharField(max_length=60)
    text = models.TextField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "step_key"], name="one_reflection_per_step")
        ]

    def __str__(self):  # never the text itself
        return f"{self.user_id}: {self.step_key}"
