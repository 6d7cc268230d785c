"""Reads of the member register that pages, exports and the annual figures share (BACK-OFFICE.md)."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Lower

from balanse.core.numbers import percent
from balanse.core.permissions import memo_many
from balanse.core.signals import collect, organisations_reached
from balanse.members.models import (
    REPORT_FIELD_LABELS,
    Contact,
    Fee,
    FeeTier,
    Member,
    SupportingMember,
    in_year,
)


def member_figures(year: int, *, tier_amounts: list[int] | None = None, together=()) -> dict:
    """The annual figures' `members` section. `tier_amounts`: the year's FeeTier amounts, when the caller has
    them already. `together`: other years asked for in the same request (the report's year before), read in
    the same queries."""
    if tier_amounts is not None:
        return _member_figures([year], tier_amounts={year: tier_amounts})[year]
    return memo_many("members.member_figures", year, together, _member_figures)


def _member_figures(years: list[int], *, tier_amounts: dict[int, list[int]] | None = None) -> dict[int, dict]:
    """The `members` section of each year, in three queries whatever the number of years: the members grouped
    by field with a conditional count per year, the year's fees grouped by tier, and the tiers."""
    counts: dict = {}
    for year in years:
        counted = in_year(year)
        counts[f"total_{year}"] = Count("pk", filter=counted)
        counts[f"new_{year}"] = Count("pk", filter=counted & Q(joined__year=year))
        counts[f"left_{year}"] = Count("pk", filter=counted & Q(left__year=year))
        paid = Exists(Fee.objects.filter(member=OuterRef("pk"), year=year, paid__gt=0))
        counts[f"paid_{year}"] = Count("pk", filter=counted & Q(paid))
    rows = list(
        Member.objects.filter(reduce(or_, (in_year(year) for year in years)))
        .order_by()
        .values("field__code")
        .annotate(**counts)
    )
    if tier_amounts is None:
        tier_amounts = {year: [] for year in years}
        for year, amount in FeeTier.objects.filter(year__in=years).order_by().values_list("year", "amount"):
            tier_amounts[year].append(amount)
    tiers = {year: dict.fromkeys(tier_amounts[year], 0) for year in years}
    special_agreement = dict.fromkeys(years, 0)
    income = dict.fromkeys(years, 0)
    # The year's fees grouped by tier: the tiers' counts, the special agreements (no tier) and the income.
    # order_by(): Fee's default ordering must not split the groups.
    for year, amount, count, special, paid in (
        Fee.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "tier")
        .annotate(
            n=Count("pk"),
            special=Count("pk", filter=~Q(agreement="")),
            income=Coalesce(Sum("paid"), 0),
        )
    ):
        income[year] += paid
        if amount is None:
            special_agreement[year] = special
        else:
            tiers[year][amount] = count
    figures = {}
    for year in years:
        by_field = dict.fromkeys(REPORT_FIELD_LABELS.values(), 0)
        for row in rows:
            if row["field__code"] in REPORT_FIELD_LABELS:
                by_field[REPORT_FIELD_LABELS[row["field__code"]]] += row[f"total_{year}"]
        total = sum(row[f"total_{year}"] for row in rows)
        figures[year] = {
            "total": total,
            "new": sum(row[f"new_{year}"] for row in rows),
            "left": sum(row[f"left_{year}"] for row in rows),
            "by_field": by_field,
            "fee_tiers": {str(amount): tiers[year][amount] for amount in sorted(tiers[year], reverse=True)},
            "special_agreement": special_agreement[year],
            "paid_share_percent": percent(sum(row[f"paid_{year}"] for row in rows), total),
            "fee_income": income[year],
        }
    return figures


def supporting_figures(year: int, *, together=()) -> dict:
    return memo_many("members.supporting_figures", year, together, _supporting_figures)


def _supporting_figures(years: list[int]) -> dict[int, dict]:
    """Each year's supporting members, in one query."""
    counts: dict = {}
    for year in years:
        counts[f"total_{year}"] = Count("pk", filter=in_year(year))
        counts[f"new_{year}"] = Count("pk", filter=in_year(year) & Q(joined__year=year))
    counted = SupportingMember.objects.filter(reduce(or_, (in_year(year) for year in years))).aggregate(
        **counts
    )
    return {year: {"total": counted[f"total_{year}"], "new": counted[f"new_{year}"]} for year in years}


def reached(year: int, *, together=()) -> dict[int, set[str]]:
    """Organisation id → how Balansekunst worked with it in `year` (activity, course, grant, contact), from
    every register that answers `organisations_reached`. `together`: other years asked for in the same request,
    which the registers may read in the same queries."""
    found: dict[int, set[str]] = defaultdict(set)
    for organisation_id, kind in collect(organisations_reached, year=year, years=(year, *together)):
        found[organisation_id].add(kind)
    return found


def contacts_reached(year: int, *, together=()) -> list[tuple[int, str]]:
    """The organisations of the contacts the staff logged in `year` (this register's `organisations_reached`)."""
    return memo_many("members.contacts_reached", year, together, _contacts_reached)


def _contacts_reached(years: list[int]) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = {year: [] for year in years}
    rows = (
        Contact.objects.filter(date__year__in=years)
        .order_by()
        .values_list(ExtractYear("date"), "member__organisation_id")
        .distinct()
    )
    for year, organisation_id in rows:
        found[year].append((organisation_id, "contact"))
    return found


def collaboration_figures(year: int, reached_map: dict[int, set[str]] | None = None, *, together=()) -> dict:
    if reached_map is not None:
        members = set(Member.objects.of_year(year).values_list("organisation_id", flat=True))
        return _collaboration(members, reached_map)
    return memo_many("members.collaboration_figures", year, together, _collaboration_figures)


def _collaboration(members: set[int], reached_map: dict[int, set[str]]) -> dict:
    count = len(members & set(reached_map))
    return {"members_reached": count, "share_percent": percent(count, len(members))}


def _collaboration_figures(years: list[int]) -> dict[int, dict]:
    """Each year's share of members reached: the members of the years in one query (a flag per year), and the
    registers' answers (which read the years together in a request)."""
    flags = {f"in_{year}": ExpressionWrapper(in_year(year), output_field=BooleanField()) for year in years}
    members: dict[int, set[int]] = {year: set() for year in years}
    rows = (
        Member.objects.filter(reduce(or_, (in_year(year) for year in years)))
        .order_by()
        .annotate(**flags)
        .values("organisation_id", *flags)
    )
    for row in rows:
        for year in years:
            if row[f"in_{year}"]:
                members[year].add(row["organisation_id"])
    return {
        year: _collaboration(members[year], reached(year, together=[y for y in years if y != year]))
        for year in years
    }


def annual_figures(year: int, *, together=()) -> dict:
    """The `members`, `supporting_members` and `collaboration` sections. `together`: other years asked for in
    the same request (the report's year before), read in the same queries."""
    return {
        "members": member_figures(year, together=together),
        "supporting_members": supporting_figures(year, together=together),
        "collaboration": collaboration_figures(year, together=together),
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
