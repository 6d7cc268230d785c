"""Fees (kontingent): the tiers of a year, each member's fee for a year with its claim, and bank payments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.members.cutoff import default_cutoff
from balanse.members.models.members import Member


class FeeYear(models.Model):
    """What the annual meeting decided for a year beyond its tiers: the cut-off date."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    cutoff = models.DateField(
        _("cut-off date"),
        help_text=_("Members who join after this date pay no fee for the year."),
    )
    decided = models.CharField(
        _("decided"),
        max_length=200,
        blank=True,
        help_text=_("For example: the annual meeting on 28 May 2020."),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee year")
        verbose_name_plural = _("fee years")

    def __str__(self):
        return str(self.year)

    @staticmethod
    def cutoff_for(year: int):
        row = FeeYear.objects.filter(year=year).only("cutoff").first()
        return row.cutoff if row else default_cutoff(year)


class FeeTier(models.Model):
    """One fee level of a year (15 000, 12 000, … in 2020) and who pays it."""

    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveIntegerField(_("amount (kroner)"))
    description = models.CharField(_("who pays it"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "-amount"]
        verbose_name = _("fee tier")
        verbose_name_plural = _("fee tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "amount"],
                name="unique_fee_tier_per_year",
                violation_error_message=_("The year already has a tier with this amount."),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_tier_amount_positive"),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount}"


class FeeStatus(models.TextChoices):
    NONE = "none", _("No fee")
    AGREEMENT = "agreement", _("Special agreement")
    NOT_CLAIMED = "not_claimed", _("Not invoiced")
    UNPAID = "unpaid", _("Invoiced, not paid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")


# What `FeeQuerySet.unpaid_claims()` asks: claimed (a KID), with a tier, and less paid than it.
UNPAID_CLAIM = ~Q(kid="") & Q(tier__isnull=False, paid__lt=models.F("tier"))


class FeeQuerySet(models.QuerySet):
    def claimed(self):
        return self.exclude(kid="")

    def unpaid_claims(self):
        """Invoiced fees with less paid than the tier."""
        return self.claimed().filter(tier__isnull=False, paid__lt=models.F("tier"))


class Fee(models.Model):
    """One member's fee for one year: a tier, a special agreement, or none (joined after the cut-off).

    A claim gives it a KID and a due date; payments add to `paid`.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="fees"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.PositiveIntegerField(_("tier (kroner)"), null=True, blank=True)
    agreement = models.TextField(
        _("special agreement"),
        blank=True,
        max_length=1000,
        help_text=_("Collaboration instead of a fee: what was agreed."),
    )
    paid = models.PositiveIntegerField(_("paid (kroner)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    kid = models.CharField(_("KID"), max_length=25, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("invoiced"), null=True, blank=True)
    invoice_sent_at = models.DateTimeField(_("invoice sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "member__organisation__name"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="one_fee_per_member_and_year",
                violation_error_message=_("The member already has a fee for this year."),
            ),
            models.UniqueConstraint(fields=["kid"], condition=~Q(kid=""), name="unique_fee_kid"),
        ]
        indexes = [
            models.Index(fields=["year", "tier"]),
            # Only the unpaid claims (`unpaid_claims()`), which the fee page lists by year and due date and whose
            # reminders it counts: neither reads the paid fees, however many there are. The conditions are the
            # ORM's for `unpaid_claims()` (and no reminder sent), term for term, so that SQLite uses them.
            models.Index(fields=["year", "due_date"], condition=UNPAID_CLAIM, name="members_fee_unpaid"),
            # The year's fees with something paid, and their members: the fee page counts the paying members
            # from it without reading the other fees' rows.
            models.Index(fields=["year", "member"], condition=Q(paid__gt=0), name="members_fee_paid"),
            models.Index(
                fields=["due_date"],
                condition=UNPAID_CLAIM & Q(reminder_sent_at__isnull=True),
                name="members_fee_reminder_due",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.year}"

    @property
    def status(self) -> str:
        if self.tier is None:
            if self.agreement:
                return FeeStatus.AGREEMENT
            return FeeStatus.PAID if self.paid else FeeStatus.NONE
        if self.paid >= self.tier:
            return FeeStatus.PAID
        if self.paid > 0:
            return FeeStatus.PARTLY_PAID
        return FeeStatus.UNPAID if self.kid else FeeStatus.NOT_CLAIMED

    def get_status_display(self) -> str:
        return str(FeeStatus(self.status).label)

    @property
    def outstanding(self) -> int:
        return max((self.tier or 0) - self.paid, 0)

    @property
    def is_claimed(self) -> bool:
        return bool(self.kid)


class Payment(models.Model):
    """An incoming payment from the bank's statement (or recorded by hand), matched to a fee by its KID."""

    class Source(models.TextChoices):
        CAMT = "camt053", _("Bank statement (camt.053)")
        CSV = "csv", _("Bank file (CSV)")
        MANUAL = "manual", _("Recorded by hand")

    reference = models.CharField(
        _("bank reference"), max_length=200, unique=True, help_text="Makes a second import of a file a no-op."
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    booked_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    kid = models.CharField(_("KID"), max_length=25, blank=True)
    payer = models.CharField(_("payer"), max_length=140, blank=True)
    message = models.CharField(_("message"), max_length=140, blank=True)
    fee = models.ForeignKey(
        Fee, verbose_name=_("fee"), null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    dismissed_at = models.DateTimeField(_("not a membership fee"), null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        # The payments page's lists (the latest placed, those to place) read the newest first without sorting
        # every payment.
        indexes = [models.Index(fields=["booked_on", "id"], name="members_payment_booked")]

    def __str__(self):
        return f"{self.booked_on.isoformat()} {self.amount} {self.kid}".strip()

    @property
    def is_open(self) -> bool:
        return self.fee_id is None and self.dismissed_at is None
