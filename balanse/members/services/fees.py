"""Fees: the tiers of a year, each member's fee, claims with KID and due date, invoices, payments, reminders."""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.members.invoice import invoice_filename, invoice_pdf
from balanse.members.kid import make_kid
from balanse.members.models import Fee, FeeTier, FeeYear, Member, Payment
from balanse.organisations.queries import admins_of

INVOICE_SALT = "members.invoice"


def joined_after_cutoff(member: Member, year: int) -> bool:
    """The cut-off rule: a member that joins after the year's cut-off date pays no fee for that year."""
    return member.joined.year == year and member.joined > FeeYear.cutoff_for(year)


def _tier_amounts(year: int) -> set[int]:
    return set(FeeTier.objects.filter(year=year).values_list("amount", flat=True))


def check_tier(year: int, tier: int | None) -> None:
    """A tier must be one of the year's tiers (when the year has any)."""
    if tier is None:
        return
    if tier <= 0:
        raise ValidationError({"tier": _("A tier is an amount of more than 0 kroner.")})
    amounts = _tier_amounts(year)
    if amounts and tier not in amounts:
        raise ValidationError(
            {
                "tier": _("%(tier)s is not a fee tier of %(year)s. The tiers are: %(tiers)s.")
                % {
                    "tier": tier,
                    "year": year,
                    "tiers": ", ".join(str(a) for a in sorted(amounts, reverse=True)),
                }
            }
        )


@transaction.atomic
def save_fee_year(*, year: int, cutoff: date, decided: str, by) -> FeeYear:
    fee_year = FeeYear.objects.filter(year=year).first() or FeeYear(year=year)
    if fee_year.pk and (fee_year.cutoff, fee_year.decided) == (cutoff, decided.strip()):
        return fee_year
    fee_year.cutoff, fee_year.decided = cutoff, decided.strip()
    fee_year.full_clean()
    fee_year.save()
    audit.record(actor=by, action="fee_year.saved", obj=fee_year)
    return fee_year


@transaction.atomic
def save_tier(*, year: int, amount: int, description: str, by, tier: FeeTier | None = None) -> FeeTier:
    tier = tier or FeeTier(year=year)
    tier.amount, tier.description = amount, description.strip()
    tier.full_clean()
    tier.save()
    audit.record(actor=by, action="fee_tier.saved", obj=tier, amount=amount)
    return tier


@transaction.atomic
def delete_tier(*, tier: FeeTier, by) -> None:
    if Fee.objects.filter(year=tier.year, tier=tier.amount).exists():
        raise ValidationError(_("Members have this tier. Give them another tier first."))
    audit.record(actor=by, action="fee_tier.deleted", obj=tier, amount=tier.amount)
    tier.delete()


@transaction.atomic
def set_fee(*, member: Member, year: int, tier: int | None, agreement: str, by) -> Fee:
    """The operator sets a member's fee for a year: a tier, a special agreement, or neither."""
    if not member.counts_in(year):
        raise ValidationError(_("%(name)s was not a member in %(year)s.") % {"name": member, "year": year})
    check_tier(year, tier)
    fee, _created = Fee.objects.get_or_create(member=member, year=year)
    old = (fee.tier, fee.agreement)
    fee.tier, fee.agreement = tier, agreement.strip()
    fee.full_clean()
    fee.save()
    if old != (fee.tier, fee.agreement):
        audit.record(actor=by, action="fee.set", obj=fee, fields=["tier", "agreement"])
    return fee


@dataclass
class ClaimResult:
    created: int = 0
    existing: int = 0
    prepared: int = 0
    agreements: int = 0
    no_fee: int = 0
    missing: list[Member] = field(default_factory=list)


def prepare_fees(*, year: int, by=None) -> tuple[int, list[Member]]:
    """Give every member of the year without a fee row one: none when it joined after the cut-off, else last
    year's tier when that is still a tier. Returns (rows made, members that still need a tier or agreement)."""
    amounts = _tier_amounts(year)
    members = Member.objects.of_year(year).exclude(fees__year=year).select_related("organisation")
    previous = dict(Fee.objects.filter(year=year - 1, member__in=members).values_list("member_id", "tier"))
    made, missing = 0, []
    for member in members:
        last_tier = previous.get(member.pk)
        if joined_after_cutoff(member, year):
            fee = Fee.objects.create(member=member, year=year)
        elif last_tier is not None and (not amounts or last_tier in amounts):
            fee = Fee.objects.create(member=member, year=year, tier=last_tier)
        else:
            missing.append(member)
            continue
        made += 1
        audit.record(actor=by, action="fee.prepared", obj=fee)
    return made, missing


@transaction.atomic
def create_claims(*, year: int, due_date: date, by) -> ClaimResult:
    """Claims for every paying member of the year in one action: a KID and a due date on each fee with a tier.
    Running it again changes nothing for fees already claimed (idempotent)."""
    result = ClaimResult()
    FeeYear.objects.get_or_create(year=year, defaults={"cutoff": FeeYear.cutoff_for(year)})
    result.prepared, result.missing = prepare_fees(year=year, by=by)
    fees = Fee.objects.select_for_update().filter(year=year, member__in=Member.objects.of_year(year))
    now = timezone.now()
    for fee in fees.select_related("member"):
        if fee.tier is None:
            if fee.agreement:
                result.agreements += 1
            else:
                result.no_fee += 1
            continue
        if fee.kid:
            result.existing += 1
            continue
        fee.kid = make_kid(year=year, member_number=fee.member_id)
        fee.due_date, fee.claimed_at = due_date, now
        fee.save(update_fields=["kid", "due_date", "claimed_at", "updated"])
        audit.record(actor=by, action="fee.claimed", obj=fee, kid=fee.kid)
        result.created += 1
    return result


def invoice_token(fee: Fee) -> str:
    return signing.dumps(fee.pk, salt=INVOICE_SALT)


def fee_for_invoice_token(token: str, *, max_age_days: int = 800) -> Fee | None:
    try:
        pk = signing.loads(token, salt=INVOICE_SALT, max_age=timedelta(days=max_age_days))
    except signing.BadSignature:
        return None
    return Fee.objects.select_related("member__organisation").filter(pk=pk).exclude(kid="").first()


def _recipients(fee: Fee) -> list:
    if fee.member.invoice_address:
        return [fee.member.invoice_address]
    return list(admins_of(fee.member.organisation))


def invoice_context(fee: Fee, *, request=None) -> dict:
    return {
        "fee": fee,
        "organisation": fee.member.organisation,
        "pdf_link": absolute_url("members:invoice_by_link", request=request, args=[invoice_token(fee)]),
        "account": settings.BALANSEKUNST_BANK_ACCOUNT,
        "sender": settings.BALANSEKUNST_NAME,
    }


def _require_invoice_settings() -> None:
    if not settings.BALANSEKUNST_BANK_ACCOUNT:
        raise ValidationError(
            _("Set BALANSEKUNST_BANK_ACCOUNT (and BALANSEKUNST_ORG_NUMBER) before sending invoices.")
        )


@transaction.atomic
def send_invoices(*, year: int, by, request=None) -> tuple[int, list[Fee]]:
    """E-mail the invoice (the PDF attached, and a link to it) for every claim of the year not sent yet. Returns (sent, fees
    without an address)."""
    _require_invoice_settings()
    sent, without = 0, []
    fees = Fee.objects.select_for_update().filter(year=year, invoice_sent_at__isnull=True).exclude(kid="")
    for fee in fees.select_related("member__organisation"):
        if fee.outstanding == 0:
            continue
        recipients = _recipients(fee)
        if not recipients:
            without.append(fee)
            continue
        send_email(
            to=recipients,
            template="members/email/invoice",
            context=invoice_context(fee, request=request),
            once_key=f"members:invoice:{fee.pk}",
            attachments=[(invoice_filename(fee), invoice_pdf(fee), "application/pdf")],
        )
        fee.invoice_sent_at = timezone.now()
        fee.save(update_fields=["invoice_sent_at", "updated"])
        audit.record(actor=by, action="fee.invoice_sent", obj=fee)
        sent += 1
    return sent, without


def reminder_limit(today: date | None = None) -> date:
    """The latest due date of a claim a reminder is due for: `MEMBERS_REMINDER_DAYS` before `today`."""
    return (today or timezone.localdate()) - timedelta(days=settings.MEMBERS_REMINDER_DAYS)


def reminders_due(today: date | None = None):
    """Unpaid claims whose due date is `MEMBERS_REMINDER_DAYS` or more days past and that had no reminder."""
    return Fee.objects.unpaid_claims().filter(
        reminder_sent_at__isnull=True, due_date__lte=reminder_limit(today)
    )


@transaction.atomic
def send_reminders(*, today: date | None = None, by=None, request=None) -> tuple[int, list[Fee]]:
    """One reminder per overdue claim, never twice (the scheduled `members_daily` and the operator's button)."""
    sent, without = 0, []
    for fee in reminders_due(today).select_for_update().select_related("member__organisation"):
        recipients = _recipients(fee)
        if not recipients:
            without.append(fee)
            continue
        if send_email(
            to=recipients,
            template="members/email/reminder",
            context=invoice_context(fee, request=request),
            once_key=f"members:reminder:{fee.pk}",
        ):
            sent += 1
        fee.reminder_sent_at = timezone.now()
        fee.save(update_fields=["reminder_sent_at", "updated"])
        audit.record(actor=by, action="fee.reminder_sent", obj=fee)
    return sent, without


def whole_kroner(amount: Decimal) -> int:
    return int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def apply_payment(*, payment: Payment, fee: Fee, by=None) -> Fee:
    """Add a payment to a fee (inside the caller's transaction)."""
    fee = Fee.objects.select_for_update().get(pk=fee.pk)
    fee.paid += whole_kroner(payment.amount)
    fee.paid_on = max(fee.paid_on, payment.booked_on) if fee.paid_on else payment.booked_on
    fee.save(update_fields=["paid", "paid_on", "updated"])
    payment.fee = fee
    payment.save(update_fields=["fee"])
    audit.record(actor=by, action="fee.paid", obj=fee, source=payment.source)
    return fee


@transaction.atomic
def record_payment(*, fee: Fee, amount: int, booked_on: date, by) -> Payment:
    """Mark a fee paid by hand (the payment came another way than the bank file)."""
    if amount <= 0:
        raise ValidationError(_("The amount must be more than 0 kroner."))
    payment = Payment.objects.create(
        reference=f"manual:{uuid.uuid4().hex}",
        source=Payment.Source.MANUAL,
        booked_on=booked_on,
        amount=Decimal(amount),
        kid=fee.kid,
        created_by=by,
    )
    apply_payment(payment=payment, fee=fee, by=by)
    return payment
