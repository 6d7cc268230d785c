"""Demo data: Balansekunst's members in 2020 from the annual report (seed 000), and 2019's paid share.

- the 105 member organisations (the organisations app's demo creates them): the 24 marked “(ny)” joined in
  2020, the others before (the report does not say when: 1 January 2018 here);
- the report's fee tiers for the members it names per tier (content/members/fee-tiers-2020.csv), all paid;
  the other members have a special agreement (members from before 2020) or joined after the cut-off
  (15 November) and pay nothing (the new ones), as the report says the remaining 30 % are;
- 2019 for comparison: the report gives only the paid share (62 %), so 50 of the 81 members of 2019 paid (the
  2020 tier amounts, for illustration); the 23 with special agreements in 2020 had one in 2019 too;
- 52 supporting members with plainly fictional names, 15 of them new in 2020;
- the 40 members the report names in “Samarbeid med medlemsorganisasjoner”, as logged contacts in 2020;
- one application waiting for a decision, from a fictional organisation.

Loading again changes nothing.
"""

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from balanse.core.registers import files, imports
from balanse.members.kid import make_kid
from balanse.members.models import (
    Contact,
    ContactKind,
    Fee,
    FeeTier,
    FeeYear,
    Member,
    MembershipApplication,
    Payment,
)
from balanse.members.registers import REGISTERS
from balanse.members.services import sync_organisation
from balanse.organisations.models import ArtField, Organisation

CONTENT = Path(settings.BASE_DIR) / "content" / "members"
OLD_MEMBERS_JOINED = date(2018, 1, 1)
CUTOFF_2020 = date(2020, 11, 15)
CLAIMED_2020 = date(2020, 6, 15)
AGREEMENT = "Særavtale: samarbeid i stedet for kontingent"
UNPAID_IN_2019 = 8  # 58 members with a tier in both years; 50 paid in 2019 (62 % of 81)


def _rows(name: str, delimiter: str = ",") -> list[dict]:
    with (CONTENT / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def tier_rows() -> list[dict]:
    """The report's tier lists: 74 names, Popsenteret twice (only its first tier, 10 000, is loaded)."""
    return _rows("fee-tiers-2020.csv")


def collaboration_rows() -> list[dict]:
    return _rows("collaboration-2020.csv")


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _save_changed(obj, **values) -> None:
    """Set the values and save only if something differs (so a second load writes nothing)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if obj.pk is None:
        obj.save()
    elif changed:
        obj.save(update_fields=changed)


def load_tiers() -> None:
    for row in _rows("fee-tiers-descriptions-2020.csv"):
        tier, _ = FeeTier.objects.get_or_create(year=int(row["year"]), amount=int(row["amount"]))
        _save_changed(tier, description=row["description"])
    fee_year = FeeYear.objects.filter(year=2020).first() or FeeYear(year=2020)
    _save_changed(fee_year, cutoff=CUTOFF_2020, decided="Årsmøtet 28. mai 2020")


def load_members(tiered: dict[str, int]) -> dict[str, Member]:
    """A membership for each of the 105 organisations; new ones with a tier joined before the cut-off."""
    members = {}
    new_before, new_after = 0, 0
    fields = {f.pk: f for f in ArtField.objects.all()}
    organisations = (
        Organisation.objects.filter(is_member=True).prefetch_related("art_fields").order_by("name")
    )
    for organisation in organisations:
        if organisation.member_since == 2020 or (
            hasattr(organisation, "member") and organisation.member.joined.year == 2020
        ):
            if organisation.name in tiered:
                joined = date(2020, 2, 1) + timedelta(days=17 * new_before)
                new_before += 1
            else:
                joined = CUTOFF_2020 + timedelta(days=1 + 3 * new_after)
                new_after += 1
        else:
            joined = OLD_MEMBERS_JOINED
        art_fields = list(organisation.art_fields.all())
        member = Member.objects.filter(organisation=organisation).first() or Member(organisation=organisation)
        _save_changed(member, joined=joined, field=fields[art_fields[0].pk] if art_fields else None)
        sync_organisation(organisation=organisation)
        members[organisation.name] = member
    return members


def _fee(member: Member, year: int, **values) -> Fee:
    fee = Fee.objects.filter(member=member, year=year).first() or Fee(member=member, year=year)
    _save_changed(fee, **values)
    return fee


def _paid_claim(member: Member, year: int, tier: int, claimed: date, *, paid: bool) -> None:
    claimed = max(claimed, member.joined)
    due = claimed + timedelta(days=30)
    paid_on = due - timedelta(days=3 + member.pk % 20) if paid else None
    fee = _fee(
        member,
        year,
        tier=tier,
        agreement="",
        kid=make_kid(year=year, member_number=member.pk),
        due_date=due,
        claimed_at=_aware(claimed),
        invoice_sent_at=_aware(claimed),
        reminder_sent_at=_aware(due + timedelta(days=14)) if not paid else None,
        paid=tier if paid else 0,
        paid_on=paid_on,
    )
    if paid:
        Payment.objects.get_or_create(
            reference=f"demo:{fee.kid}",
            defaults={
                "source": Payment.Source.CAMT,
                "booked_on": paid_on,
                "amount": Decimal(tier),
                "kid": fee.kid,
                "fee": fee,
            },
        )


def load_fees(members: dict[str, Member], tiered: dict[str, int]) -> None:
    old_tiered = [name for name in tiered if members[name].joined.year < 2020]
    unpaid_2019 = set(old_tiered[-UNPAID_IN_2019:])
    for name, member in members.items():
        if name in tiered:
            _paid_claim(member, 2020, tiered[name], CLAIMED_2020, paid=True)
            if member.joined.year < 2020:
                _paid_claim(member, 2019, tiered[name], date(2019, 6, 15), paid=name not in unpaid_2019)
        elif member.joined.year < 2020:
            _fee(member, 2020, tier=None, agreement=AGREEMENT)
            _fee(member, 2019, tier=None, agreement=AGREEMENT)
        else:  # joined after the cut-off: no fee for 2020
            _fee(member, 2020, tier=None, agreement="")


def load_supporting_members() -> int:
    register = next(r for r in REGISTERS if r.kind == "supporting_members")
    content = (CONTENT / "supporting-members-demo.csv").read_bytes()
    return imports.confirm(register, files.read_table(content, "supporting-members-demo.csv", register)).new


def load_contacts(members: dict[str, Member]) -> None:
    for row in collaboration_rows():
        member = members[row["member"]]
        Contact.objects.get_or_create(
            member=member,
            date=date(2020, 12, 31),
            kind=ContactKind.MEETING,
            defaults={
                "note": "Fra årsrapporten 2020 (samarbeidslisten). Rapporten sier ikke når eller hvordan.",
            },
        )


def load_application() -> None:
    if MembershipApplication.objects.filter(name="Fiktivfestivalen").exists():
        return
    MembershipApplication.objects.create(
        name="Fiktivfestivalen",
        org_number="",
        field=ArtField.objects.get(code="music"),
        municipality="Bodø",
        contact_name="Frida Fiktiv",
        contact_email="frida@fiktivfestivalen.example",
        invoice_email="faktura@fiktivfestivalen.example",
        tier=4000,
        tier_year=2020,
    )


def load_demo(stdout) -> list[str]:
    tiered = {row["member"]: int(row["tier"]) for row in tier_rows() if row["loaded"] == "ja"}
    load_tiers()
    members = load_members(tiered)
    load_fees(members, tiered)
    new_supporting = load_supporting_members()
    load_contacts(members)
    load_application()
    stdout.write(
        f"  members: {len(members)} member organisations, fees for 2019 and 2020, "
        f"{new_supporting} new supporting members"
    )
    return []
