"""The activity register (BACK-OFFICE.md "activities"): courses, talks, workshops, seminars, debates, meetings
and launches; the year's totals the staff have without rows (supplementary entries); and the registrations
for public activities in the calendar."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.organisations.models import Organisation

# BACK-OFFICE.md's list; the operator may add more, rename the labels or change the order.
DEFAULT_TYPES = [
    ("workshop", "Workshop"),
    ("foredrag", "Foredrag"),
    ("kurs", "Kurs"),
    ("debatt", "Debatt"),
    ("lukket møte", "Lukket møte"),
    ("åpent møte", "Åpent møte"),
    ("lansering", "Lansering"),
    ("Balanseprat", "Balanseprat"),
    ("seminar", "Seminar"),
    ("årsmøte", "Årsmøte"),
]

# The types given to activities that come from other parts of the platform.
COURSE_TYPE = "kurs"
EXERCISE_TYPE = "workshop"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ActivityType(models.Model):
    """A kind of activity. `name` is what files and the annual figures use; the label is what people read."""

    name = models.CharField(
        _("name in files and figures"),
        max_length=40,
        unique=True,
        help_text=_("Written as in the import files and the annual figures, for example “workshop”."),
    )
    label = models.CharField(_("label"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=50)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self):
        return self.label or self.name


class ActivityQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(date__year=year)

    def upcoming_public(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(public=True, date__gte=today, cancelled=False)


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=200)
    type = models.ForeignKey(ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("The town or venue. Empty when held only digitally."),
    )
    digital = models.BooleanField(_("held digitally"), default=False)
    streamed = models.BooleanField(_("streamed"), default=False)
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("Those who took part, in the room or online.")
    )
    streaming_audience = models.PositiveIntegerField(
        _("streaming audience"), null=True, blank=True, help_text=_("Those who watched a stream.")
    )
    organiser_names = models.CharField(
        _("organisers and partners"),
        max_length=1000,
        blank=True,
        help_text=_("Names separated by |. A name that matches a member organisation links it."),
    )
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), blank=True, related_name="activities"
    )
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    held_by = models.CharField(
        _("held by"),
        max_length=300,
        blank=True,
        help_text=_("Balansekunst's people who held it: staff or the local network of facilitators."),
    )
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Open to anyone, shown in the calendar.")
    )
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Registration through the public calendar
    registration = models.BooleanField(_("registration in the calendar"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. When full, people join a waiting list."),
    )
    participants_from_registrations = models.BooleanField(default=False, editable=False)
    # Held elsewhere on the platform: counted once, here.
    exercise_session = models.OneToOneField(
        "exercise.ExerciseSession",
        verbose_name=_("exercise session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity",
    )
    created_from_link = models.BooleanField(
        default=False,
        editable=False,
        help_text="Created for a course or session held elsewhere, not by the staff.",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["public", "date"])]

    def __str__(self):
        return f"{self.title} ({self.date.isoformat()})"

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The activity must end after it starts.")
        if self.registration and not self.public:
            errors["registration"] = _("Only a public activity can take registrations in the calendar.")
        if errors:
            raise ValidationError(errors)

    @property
    def organiser_list(self) -> list[str]:
        return [n.strip() for n in self.organiser_names.split("|") if n.strip()]

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time or time(0, 0)))

    @property
    def ends_at(self) -> datetime:
        if self.end_time:
            return timezone.make_aware(datetime.combine(self.date, self.end_time))
        if self.start_time:
            return self.starts_at + timedelta(hours=2)
        return timezone.make_aware(datetime.combine(self.date + timedelta(days=1), time(0, 0)))

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def audience(self) -> int:
        return (self.participants or 0) + (self.streaming_audience or 0)


class CourseLink(models.Model):
    """A certification course held (Balansemerket's `CourseBooking`) is this activity: it counts once, here.
    One activity may be the course of several organisations held together."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="course_links")
    course = models.OneToOneField(
        "certification.CourseBooking", on_delete=models.CASCADE, related_name="activity_link"
    )

    class Meta:
        verbose_name = _("certification course of an activity")
        verbose_name_plural = _("certification courses of activities")

    def __str__(self):
        return f"{self.course} → {self.activity}"


class SupplementaryEntry(models.Model):
    """What the staff have as totals without rows for a year (BACK-OFFICE.md): the figures add it."""

    year = models.PositiveSmallIntegerField(_("year"))
    type = models.ForeignKey(ActivityType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("number of activities"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    streaming_audience = models.PositiveIntegerField(_("streaming audience"), default=0)
    note = models.TextField(_("note"), max_length=2000, help_text=_("Why these are not listed one by one."))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["year", "type__order", "pk"]
        verbose_name = _("supplementary entry")
        verbose_name_plural = _("supplementary entries")

    def __str__(self):
        return f"{self.year}: {self.count} × {self.type}"


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A person's registration for a public activity: the least we can keep (name, e-mail), deleted a set
    time after the activity (ACTIVITY_REGISTRATION_DAYS)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    state = models.CharField(max_length=12, choices=RegistrationState.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(Lower("email"), name="act_registration_email_lower")]  # a person's data
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=~Q(state="cancelled"),
                name="activities_one_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.activity}"


def registration_days() -> int:
    return getattr(settings, "ACTIVITY_REGISTRATION_DAYS", 30)
