"""Payments from the bank's statement: preview, import (matched on KID), and placing what did not match."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.members.bank import BankEntry
from balanse.members.models import Fee, Payment
from balanse.members.services.fees import apply_payment


class Match:
    FEE = "fee"  # a claim with this KID
    NONE = "none"  # no claim has this KID (or there is no KID): the operator places it
    DONE = "done"  # imported before
    CURRENCY = "currency"  # not in kroner: left for the operator


@dataclass
class PreviewRow:
    entry: BankEntry
    match: str
    fee: Fee | None = None


@dataclass
class StatementPreview:
    rows: list[PreviewRow] = field(default_factory=list)

    def count(self, match: str) -> int:
        return sum(1 for row in self.rows if row.match == match)

    @property
    def matched(self) -> int:
        return self.count(Match.FEE)

    @property
    def unmatched(self) -> int:
        return self.count(Match.NONE) + self.count(Match.CURRENCY)

    @property
    def done(self) -> int:
        return self.count(Match.DONE)

    @property
    def new(self) -> int:
        return len(self.rows) - self.done


def preview_statement(entries: list[BankEntry]) -> StatementPreview:
    """What importing these entries would do; writes nothing."""
    known = set(
        Payment.objects.filter(reference__in=[e.reference for e in entries]).values_list(
            "reference", flat=True
        )
    )
    kids = {e.kid for e in entries if e.kid}
    fees = {f.kid: f for f in Fee.objects.filter(kid__in=kids).select_related("member__organisation")}
    preview = StatementPreview()
    for entry in entries:
        if entry.reference in known:
            preview.rows.append(PreviewRow(entry, Match.DONE))
        elif entry.currency != "NOK":
            preview.rows.append(PreviewRow(entry, Match.CURRENCY))
        elif entry.kid in fees:
            preview.rows.append(PreviewRow(entry, Match.FEE, fees[entry.kid]))
        else:
            preview.rows.append(PreviewRow(entry, Match.NONE))
    return preview


@transaction.atomic
def import_statement(*, entries: list[BankEntry], source: str, by) -> StatementPreview:
    """Register every payment not imported before; those with a known KID pay their fee. All or nothing."""
    preview = preview_statement(entries)
    for row in preview.rows:
        if row.match == Match.DONE:
            continue
        entry = row.entry
        payment, created = Payment.objects.get_or_create(
            reference=entry.reference,
            defaults={
                "source": source,
                "booked_on": entry.booked_on,
                "amount": entry.amount,
                "kid": entry.kid,
                "payer": entry.payer,
                "message": entry.message,
                "created_by": by,
            },
        )
        if not created:  # the same reference twice in one file
            row.match = Match.DONE
            continue
        audit.record(
            actor=by, action="payment.imported", obj=payment, source=source, matched=row.fee is not None
        )
        if row.match == Match.FEE:
            apply_payment(payment=payment, fee=row.fee, by=by)
    return preview


@transaction.atomic
def place_payment(*, payment: Payment, fee: Fee, by) -> Fee:
    """The operator places a payment that did not match on a fee."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if not payment.is_open:
        raise ValidationError(_("This payment has already been placed."))
    return apply_payment(payment=payment, fee=fee, by=by)


@transaction.atomic
def dismiss_payment(*, payment: Payment, by) -> Payment:
    """Not a membership fee: the payment leaves the list of payments to place."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if not payment.is_open:
        raise ValidationError(_("This payment has already been placed."))
    payment.dismissed_at = timezone.now()
    payment.save(update_fields=["dismissed_at"])
    audit.record(actor=by, action="payment.dismissed", obj=payment)
    return payment
