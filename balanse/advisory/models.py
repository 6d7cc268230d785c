"""The advisory line's (Rådgivningstelefonen's) inquiry log. No name or contact is required; what the adviser
writes in free text lives only in the notes, which are encrypted at rest (see crypto.py) and deleted after
the retention period, while the row (its counts) stays."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "telefon", _("phone")
    EMAIL = "e-post", _("e-mail")
    DIRECT = "direkte", _("directly")


class Topic(models.TextChoices):
    HARASSMENT = "seksuell trakassering", _("sexual harassment")
    DISCRIMINATION = "diskriminering", _("discrimination")
    RACISM = "rasisme", _("racism")
    ABUSE_OF_POWER = "maktmisbruk", _("abuse of power")
    OTHER = "annet", _("other")


class CallerRole(models.TextChoices):
    EMPLOYEE = "ansatt", _("employee")
    FREELANCER = "frilanser", _("freelancer")
    VOLUNTEER = "frivillig", _("volunteer")
    SELF_EMPLOYED = "selvstendig", _("self-employed")
    EMPLOYER = "arbeidsgiver", _("employer")
    WITNESS = "vitne", _("witness")
    OTHER = "annet", _("other")


class Help(models.TextChoices):
    """What help was given (several may apply)."""

    LEGAL_GUIDANCE = "juridisk veiledning", _("legal guidance")
    LDO = "LDO", _("referred to the Equality and Anti-Discrimination Ombud (LDO)")
    LABOUR_INSPECTION = "Arbeidstilsynet", _("referred to the Labour Inspection Authority")
    POLICE = "politiet", _("referred to the police")
    UNION = "fagforening", _("referred to a union")
    OTHER = "annet", _("other help")


class Inquiry(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ref = models.CharField(_("case number"), max_length=40, blank=True, db_index=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    caller_role = models.CharField(
        _("who got in touch"), max_length=20, choices=CallerRole.choices, blank=True
    )
    field = models.ForeignKey(
        "organisations.ArtField",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field"),
    )
    help_given = models.JSONField(_("help given"), default=list, blank=True)
    follow_up = models.BooleanField(_("follow-up needed"), default=False)
    # The notes, encrypted: a data key per inquiry (AES-256-GCM), wrapped by the key in the key file.
    notes_ciphertext = models.BinaryField(null=True, blank=True, editable=False)
    notes_key = models.BinaryField(null=True, blank=True, editable=False)
    notes_key_id = models.CharField(max_length=16, blank=True, editable=False)
    notes_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [("adviser", "Answers the advisory line: reads and writes inquiries")]

    def __str__(self) -> str:  # never content: the audit log stores this
        return f"#{self.pk}" + (f" ({self.ref})" if self.ref else "")

    @property
    def has_notes(self) -> bool:
        return self.notes_ciphertext is not None

    def help_labels(self) -> list[str]:
        labels = dict(Help.choices)
        return [str(labels.get(code, code)) for code in self.help_given]
