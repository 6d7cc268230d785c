import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core.labels import choice_label
from balanse.organisations.validators import validate_org_number


class ArtFieldCode(models.TextChoices):
    """The fields of the annual report's member list."""

    MUSIC = "music", _("Music")
    FILM = "film", _("Film")
    PERFORMING_ARTS = "performing_arts", _("Performing arts")
    VISUAL_ARTS = "visual_arts", _("Visual arts")
    ARCHITECTURE = "architecture", _("Architecture")
    DRAMA_LITERATURE = "drama_literature", _("Drama and literature")
    CULTURAL_HISTORY = "cultural_history", _("Cultural history")
    FASHION = "fashion", _("Fashion")
    CROSS_DISCIPLINARY = "cross_disciplinary", _("Cross-disciplinary")
    EDUCATION = "education", _("Education")


def art_field_label(code: str) -> str:
    """The name of the art field `code` in the active language, as `str(ArtField)` gives it, translated once
    per language (`choice_label`): a list of organisations names their art fields on every line."""
    return choice_label(ArtFieldCode, code)


def org_number_display(n: str) -> str:
    """An organisation number as it is shown: 123 456 789 (any other text as it is)."""
    return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 9 else n


class ArtField(models.Model):
    code = models.CharField(max_length=40, unique=True, choices=ArtFieldCode.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("art field")
        verbose_name_plural = _("art fields")

    def __str__(self):
        return art_field_label(self.code)


class OrganisationQuerySet(models.QuerySet):
    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        digits = text.replace(" ", "")
        query = Q(name__icontains=text) | Q(municipality__icontains=text)
        if re.fullmatch(r"[0-9]{1,9}", digits):
            query |= Q(org_number__startswith=digits)
        return self.filter(query)

    def in_field(self, code: str):
        return self.filter(art_fields__code=code) if code else self

    def in_municipality(self, municipality: str):
        return self.filter(municipality__iexact=municipality) if municipality else self

    def for_user(self, user):
        """The organisations a person belongs to."""
        return self.filter(memberships__user=user).distinct()

    def administered_by(self, user):
        """The organisations where a person is an administrator."""
        return self.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("9 digits from the Brønnøysund Register Centre. Leave empty if you have none."),
    )
    art_fields = models.ManyToManyField(
        ArtField, verbose_name=_("art fields"), blank=True, related_name="organisations"
    )
    municipality = models.CharField(_("municipality or city"), max_length=100, blank=True)
    website = models.URLField(_("web address"), blank=True)
    description = models.TextField(
        _("public description"),
        blank=True,
        max_length=2000,
        help_text=_("A few sentences about the organisation, shown publicly."),
    )
    is_member = models.BooleanField(_("member of Balansekunst"), default=False)
    member_since = models.PositiveSmallIntegerField(_("member since (year)"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~Q(org_number=""),
                name="unique_org_number_when_set",
                violation_error_message=_("Another organisation already has this organisation number."),
            ),
            models.UniqueConstraint(fields=["name"], name="unique_organisation_name"),
        ]
        indexes = [
            # The operator's list, by name whatever its case (queries.LIST_ORDER): a page read from the index.
            models.Index(Lower("name"), "id", name="organisation_list_order"),
            # The list's filter offers every municipality (queries.municipalities): read from the index alone.
            models.Index(fields=["municipality"], name="organisation_municipality"),
        ]

    def __str__(self):
        return self.name

    @property
    def org_number_display(self) -> str:
        return org_number_display(self.org_number)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        # An organisation's administrators (is another one left?), found without reading all its people.
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Neither accepted nor revoked, and not expired at `now` (this moment when not given)."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(Lower("email"), name="org_invitation_email_lower")]  # a person's data

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
