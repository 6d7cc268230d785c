"""Member organisations: the membership of an organisation, the application to join, the staff's contact log."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.organisations.models import ArtField, ArtFieldCode, Organisation

# The field labels of the annual report's member list: the keys of the annual figures' `by_field` and what the
# register files write. (The screen shows the translated field names.)
REPORT_FIELD_LABELS = {
    ArtFieldCode.MUSIC: "Musikk",
    ArtFieldCode.PERFORMING_ARTS: "Scenekunst",
    ArtFieldCode.FILM: "Film",
    ArtFieldCode.VISUAL_ARTS: "Billedkunst",
    ArtFieldCode.DRAMA_LITERATURE: "Dramatikk og litteratur",
    ArtFieldCode.CROSS_DISCIPLINARY: "Tverrkunstnerisk",
    ArtFieldCode.EDUCATION: "Utdanningsinstitusjoner",
    ArtFieldCode.ARCHITECTURE: "Arkitektur",
    ArtFieldCode.FASHION: "Mote",
    ArtFieldCode.CULTURAL_HISTORY: "Kulturhistorie",
}


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def in_year(year: int) -> Q:
    """A membership (or supporting membership) that counts in `year`: joined on or before 31 December and not
    left before 1 January. A Q, so that one query can count several years (`Count(..., filter=in_year(y))`)."""
    return in_span(*year_bounds(year))


def in_span(first: date, last: date) -> Q:
    """A membership that counts between `first` and `last`: joined on or before `last` and not left before
    `first` (`in_year` with a year's first and last day; the dates are the query's parameters, so a query
    compiled once takes any year's)."""
    return (Q(left__isnull=True) | Q(left__gte=first)) & Q(joined__lte=last)


class MemberQuerySet(models.QuerySet):
    def of_year(self, year: int):
        """Members that count in `year`: joined on or before 31 December and not left before 1 January."""
        return self.filter(in_year(year))

    def new_in(self, year: int):
        return self.filter(joined__year=year)

    def left_in(self, year: int):
        return self.filter(left__year=year)

    def current(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(left__isnull=True) | Q(left__gt=today), joined__lte=today)


class Member(models.Model):
    """An organisation's membership of Balansekunst: the source of truth for `Organisation.is_member` and
    `member_since`, which `services.sync_organisation` keeps in step."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="member"
    )
    field = models.ForeignKey(
        ArtField,
        verbose_name=_("field in the member list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The field the organisation is listed under in the annual report."),
    )
    joined = models.DateField(_("joined"))
    left = models.DateField(_("left"), null=True, blank=True)
    left_reason = models.TextField(_("reason for leaving"), blank=True, max_length=1000)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's e-mail"), blank=True)
    invoice_email = models.EmailField(
        _("invoice e-mail"), blank=True, help_text=_("Where the fee invoice is sent.")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        indexes = [
            # The members of a year, and their organisations: counting those reached (the collaboration page,
            # the annual figures) reads the index alone, not each member's row.
            models.Index(fields=["joined", "left", "organisation"]),
            models.Index(Lower("contact_email"), name="members_member_email_lower"),  # a person's data
        ]

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": _("The membership cannot end before it started.")})

    def counts_in(self, year: int) -> bool:
        first, last = year_bounds(year)
        return self.joined <= last and (self.left is None or self.left >= first)

    def is_current(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.joined <= today and (self.left is None or self.left > today)

    @property
    def invoice_address(self) -> str:
        return self.invoice_email or self.contact_email


class ApplicationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class MembershipApplication(models.Model):
    """An organisation's application through the public “Bli medlem” form."""

    name = models.CharField(_("name of the organisation"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    field = models.ForeignKey(
        ArtField, verbose_name=_("art field"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact person's e-mail"))
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    tier = models.PositiveIntegerField(_("size band (fee in kroner)"), null=True, blank=True)
    tier_year = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.PENDING
    )
    created = models.DateTimeField(_("received"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True, max_length=3000)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        indexes = [models.Index(Lower("contact_email"), name="members_applic_email_lower")]  # a person's data

    def __str__(self):
        return self.name

    @property
    def org_number_display(self) -> str:
        n = self.org_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 9 else n


# How a member was reached in a year (the kinds of `balanse.core.signals.organisations_reached`).
REACHED_KIND_LABELS = {
    "activity": _("activity"),
    "course": _("course"),
    "grant": _("grant"),
    "contact": _("logged contact"),
}


class ContactKind(models.TextChoices):
    COURSE = "course", _("Course")
    TALK = "talk", _("Talk")
    GRANT = "grant", _("Grant")
    INPUT = "input", _("Input")
    MEETING = "meeting", _("Meeting")


class Contact(models.Model):
    """A contact with a member organisation that the staff log by hand (the collaboration log)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact with a member")
        verbose_name_plural = _("contacts with members")
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.member} {self.date.isoformat()} ({self.get_kind_display()})"
