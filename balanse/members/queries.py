"""Reads of the member register that pages, exports and the annual figures share (BACK-OFFICE.md)."""

from collections import defaultdict

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from balanse.core.numbers import percent
from balanse.core.signals import collect, organisations_reached
from balanse.members.models import (
    REPORT_FIELD_LABELS,
    Fee,
    FeeTier,
    Member,
    SupportingMember,
)


def member_figures(year: int, *, tier_amounts: list[int] | None = None) -> dict:
    """The annual figures' `members` section. `tier_amounts`: the year's FeeTier amounts, when the caller has
    them already."""
    members = Member.objects.of_year(year)
    by_field = dict.fromkeys(REPORT_FIELD_LABELS.values(), 0)
    for code, count in (
        members.values_list("field__code").annotate(n=Count("pk")).values_list("field__code", "n")
    ):
        if code in REPORT_FIELD_LABELS:
            by_field[REPORT_FIELD_LABELS[code]] += count
    fees = Fee.objects.filter(year=year)
    if tier_amounts is None:
        tier_amounts = list(FeeTier.objects.filter(year=year).values_list("amount", flat=True))
    tiers = dict.fromkeys(tier_amounts, 0)
    # One pass over the year's fees grouped by tier: the tiers' counts, the special agreements (no tier) and
    # the income. order_by(): Fee's default ordering must not split the groups.
    special_agreement = income = 0
    for amount, count, special, paid in (
        fees.order_by()
        .values_list("tier")
        .annotate(
            n=Count("pk"),
            special=Count("pk", filter=~Q(agreement="")),
            income=Coalesce(Sum("paid"), 0),
        )
        .values_list("tier", "n", "special", "income")
    ):
        income += paid
        if amount is None:
            special_agreement = special
        else:
            tiers[amount] = count
    # One aggregate (the same filters as the QuerySet's new_in and left_in).
    counted = members.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(joined__year=year)),
        left=Count("pk", filter=Q(left__year=year)),
        paid=Count("pk", filter=Exists(Fee.objects.filter(member=OuterRef("pk"), year=year, paid__gt=0))),
    )
    return {
        "total": counted["total"],
        "new": counted["new"],
        "left": counted["left"],
        "by_field": by_field,
        "fee_tiers": {str(amount): tiers[amount] for amount in sorted(tiers, reverse=True)},
        "special_agreement": special_agreement,
        "paid_share_percent": percent(counted["paid"], counted["total"]),
        "fee_income": income,
    }


def supporting_figures(year: int) -> dict:
    members = SupportingMember.objects.of_year(year)
    return {"total": members.count(), "new": members.new_in(year).count()}


def reached(year: int) -> dict[int, set[str]]:
    """Organisation id → how Balansekunst worked with it in `year` (activity, course, grant, contact), from
    every register that answers `organisations_reached`."""
    found: dict[int, set[str]] = defaultdict(set)
    for organisation_id, kind in collect(organisations_reached, year=year):
        found[organisation_id].add(kind)
    return found


def collaboration_figures(year: int, reached_map: dict[int, set[str]] | None = None) -> dict:
    reached_map = reached(year) if reached_map is None else reached_map
    members = set(Member.objects.of_year(year).values_list("organisation_id", flat=True))
    count = len(members & set(reached_map))
    return {"members_reached": count, "share_percent": percent(count, len(members))}


def annual_figures(year: int) -> dict:
    return {
        "members": member_figures(year),
        "supporting_members": supporting_figures(year),
        "collaboration": collaboration_figures(year),
    }


# The member list


class FeeFilter:
    PAID = "paid"
    UNPAID = "unpaid"
    AGREEMENT = "agreement"
    NONE = "none"


def member_list(
    *,
    year: int,
    q: str = "",
    field: str = "",
    municipality: str = "",
    new: bool = False,
    tier: int | None = None,
    fee: str = "",
):
    """Members of `year` with their fee for the year as annotations (one query, whatever the size)."""
    fees = Fee.objects.filter(member=OuterRef("pk"), year=year)
    members = (
        Member.objects.of_year(year)
        .select_related("organisation", "field")
        .annotate(
            fee_tier=Subquery(fees.values("tier")[:1], output_field=IntegerField()),
            fee_agreement=Coalesce(
                Subquery(fees.values("agreement")[:1]), Value(""), output_field=TextField()
            ),
            fee_paid=Coalesce(Subquery(fees.values("paid")[:1]), Value(0), output_field=IntegerField()),
            fee_kid=Coalesce(Subquery(fees.values("kid")[:1]), Value(""), output_field=CharField()),
            has_fee=Exists(fees),
        )
    )
    if q.strip():
        text = q.strip()
        digits = text.replace(" ", "")
        query = Q(organisation__name__icontains=text)
        if digits.isdigit():
            query |= Q(organisation__org_number__startswith=digits)
        members = members.filter(query)
    if field:
        members = members.filter(field__code=field)
    if municipality:
        members = members.filter(organisation__municipality__iexact=municipality)
    if new:
        members = members.new_in(year)
    if tier:
        members = members.filter(fee_tier=tier)
    if fee == FeeFilter.PAID:
        members = members.filter(fee_paid__gt=0)
    elif fee == FeeFilter.UNPAID:
        members = members.filter(fee_tier__isnull=False, fee_paid__lt=F("fee_tier"))
    elif fee == FeeFilter.AGREEMENT:
        members = members.filter(fee_tier__isnull=True).exclude(fee_agreement="")
    elif fee == FeeFilter.NONE:
        members = members.filter(fee_tier__isnull=True, fee_agreement="", fee_paid=0)
    return members.order_by(Lower("organisation__name"))


def member_municipalities() -> list[str]:
    return list(
        Member.objects.exclude(organisation__municipality="")
        .order_by("organisation__municipality")
        .values_list("organisation__municipality", flat=True)
        .distinct()
    )


def fee_years() -> list[int]:
    """Years with fees or tiers, newest first."""
    # One query (UNION removes repeats); order_by() drops Fee's default ordering by organisation name.
    fee_years = Fee.objects.order_by().values_list("year", flat=True)
    years = fee_years.union(FeeTier.objects.order_by().values_list("year", flat=True)).order_by()
    return sorted(set(years), reverse=True)


def tier_year_for(year: int) -> int | None:
    """The year whose tiers apply in `year`: its own, else the latest earlier year's (tiers stand until the annual
    meeting decides new ones). None when no year up to `year` has tiers."""
    return FeeTier.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
