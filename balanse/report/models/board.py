"""Board and staff: who sat in Balansekunst's bodies in a year, and the year's typed staff facts."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    BOARD = "board", _("Board")
    DEPUTIES = "deputies", _("Deputy members")
    NOMINATION = "nomination", _("Nomination committee")
    STAFF = "staff", _("Staff")


class Role(models.TextChoices):
    LEADER = "leader", _("Chair")
    DEPUTY_LEADER = "deputy_leader", _("Deputy chair")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy member")
    COMMITTEE = "committee", _("Committee member")
    MANAGER = "manager", _("Managing director")
    EMPLOYEE = "employee", _("Employee")


ROLES_OF_BODY = {
    Body.BOARD: [Role.LEADER, Role.DEPUTY_LEADER, Role.MEMBER],
    Body.DEPUTIES: [Role.DEPUTY],
    Body.NOMINATION: [Role.LEADER, Role.COMMITTEE],
    Body.STAFF: [Role.MANAGER, Role.EMPLOYEE],
}
ROLE_ORDER = {role: index for index, role in enumerate(Role.values)}


class Gender(models.TextChoices):
    """Self-reported, optional; empty when the person did not say."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other gender identity")


class PositionQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(year=year)

    def survey_eligible(self, year: int):
        """The board and its deputies: the people offered the yearly diversity survey."""
        return self.filter(year=year, body__in=[Body.BOARD, Body.DEPUTIES])


class Position(models.Model):
    """One person in one body for one year (a person re-elected has a row per year)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Only for the board's diversity survey link.")
    )
    gender = models.CharField(
        _("gender (self-reported)"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Leave empty unless the person has told you themselves."),
    )
    elected_at = models.DateField(_("elected at the annual meeting of"), null=True, blank=True)
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Staff only, such as 0,6."),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["year", "body", "name"]
        verbose_name = _("position")
        verbose_name_plural = _("board and staff")
        indexes = [models.Index(Lower("email"), name="report_position_email_lower")]  # a person's data
        constraints = [
            models.UniqueConstraint(fields=["year", "body", "name"], name="report_position_once_per_body")
        ]

    def __str__(self):
        return f"{self.name} ({self.get_body_display()} {self.year})"


class YearFacts(models.Model):
    """What the staff type for a year that no register counts: sick leave, the mark's target."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    sick_leave_percent = models.DecimalField(
        _("sick leave (percent)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    certification_target = models.PositiveIntegerField(
        _("target: organisations through Balansemerket"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("facts of the year")
        verbose_name_plural = _("facts of the years")

    def __str__(self):
        return str(self.year)
