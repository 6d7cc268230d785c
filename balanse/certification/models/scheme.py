"""The scheme as a whole: yearly targets, credential signing keys, applications, the operator's settings and
requests from organisations without an account."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.certification.models.certification import Certification
from balanse.core import compiled
from balanse.organisations.models import Organisation


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
        # A person's data: the address compared in lower case.
        indexes = [models.Index(Lower("contact_email"), name="cert_application_email_lower")]

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
        """The one row (the defaults, unsaved, before the operator has saved it); read from SQL compiled
        once."""
        found = compiled.instance(
            "certification.scheme_settings", cls, lambda: cls.objects.order_by("pk")[:1]
        )
        return found or cls()


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
        indexes = [models.Index(Lower("email"), name="cert_markrequest_email_lower")]  # a person's data

    def __str__(self):
        return f"{self.organisation_name} ({self.get_state_display()})"
