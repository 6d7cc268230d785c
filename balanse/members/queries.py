"""Reads of the member register that pages, exports and the annual figures share (BACK-OFFICE.md)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    TextField,
    Value,
)
from django.db.models.expressions import Col
from django.db.models.functions import Coalesce, Lower

from balanse.certification.models import Certification
from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, combine, in_years, now, reached_by_year, year_of
from balanse.core.numbers import percent
from balanse.core.permissions import memo_deferred
from balanse.core.signals import organisations_reached
from balanse.core.views_helpers import Paged
from balanse.members.models import (
    REPORT_FIELD_LABELS,
    ApplicationState,
    Contact,
    Fee,
    FeeTier,
    FeeYear,
    Member,
    MembershipApplication,
    Payment,
    SupportingMember,
    in_span,
    in_year,
    year_bounds,
)
from balanse.organisations.models import Organisation, Role


def member_figures(year: int, *, tier_amounts: list[int] | None = None, together=()) -> dict:
    """The annual figures' `members` section. `tier_amounts`: the year's FeeTier amounts, when the caller has
    them already. `together`: other years asked for in the same request (the report's year before), read in
    the same query."""
    if tier_amounts is not None:
        return _member_figures([year], tier_amounts={year: tier_amounts}).evaluate()[year]
    return now(memo_deferred("members.member_figures", year, together, _member_figures))


def _member_figures(years: list[int], *, tier_amounts: dict[int, list[int]] | None = None) -> Deferred:
    """The `members` section of each year, from one query whatever the number of years: the members grouped
    by field with a conditional count per year, the year's fees grouped by tier, and the tiers."""
    counts: dict = {}
    for year in years:
        counted = in_year(year)
        counts[f"total_{year}"] = Count("pk", filter=counted)
        counts[f"new_{year}"] = Count("pk", filter=counted & Q(joined__year=year))
        counts[f"left_{year}"] = Count("pk", filter=counted & Q(left__year=year))
        paid = Exists(Fee.objects.filter(member=OuterRef("pk"), year=year, paid__gt=0))
        counts[f"paid_{year}"] = Count("pk", filter=counted & Q(paid))
    querysets = {
        "members": Member.objects.filter(reduce(or_, (in_year(year) for year in years)))
        .order_by()
        .values_list("field__code")
        .annotate(**counts),
        # The year's fees grouped by tier: the tiers' counts, the special agreements (no tier) and the income.
        # order_by(): Fee's default ordering must not split the groups.
        "fees": Fee.objects.filter(year__in=years)
        .order_by()
        .values_list("year", "tier")
        .annotate(
            n=Count("pk"),
            special=Count("pk", filter=~Q(agreement="")),
            income=Coalesce(Sum("paid"), 0),
        ),
    }
    if tier_amounts is None:
        querysets["tiers"] = FeeTier.objects.filter(year__in=years).order_by().values_list("year", "amount")

    def build(found: dict) -> dict[int, dict]:
        names = list(counts)
        rows = [
            {"field__code": code, **dict(zip(names, values, strict=True))}
            for code, *values in found["members"]
        ]
        amounts = tier_amounts
        if amounts is None:
            amounts = {year: [] for year in years}
            for year, amount in found["tiers"]:
                amounts[year].append(amount)
        tiers = {year: dict.fromkeys(amounts[year], 0) for year in years}
        special_agreement = dict.fromkeys(years, 0)
        income = dict.fromkeys(years, 0)
        for year, amount, count, special, paid in found["fees"]:
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
                "fee_tiers": {
                    str(amount): tiers[year][amount] for amount in sorted(tiers[year], reverse=True)
                },
                "special_agreement": special_agreement[year],
                "paid_share_percent": percent(sum(row[f"paid_{year}"] for row in rows), total),
                "fee_income": income[year],
            }
        return figures

    return Deferred(querysets, build)


def fee_page_figures(year: int, tier_amounts: list[int]) -> dict:
    """What the fee page shows of a year, in two queries: `member_figures`' `total`, `fee_tiers`,
    `special_agreement`, `paid_share_percent` and `fee_income` (the same definitions, a test holds them
    equal), and the year's claims: `claimed`, `sent`, `to_send` and `unpaid` (as
    `Fee.objects.unpaid_claims()`). The members are counted with their fee of the year joined rather than
    looked up member by member, and the fees in one pass grouped by tier; both queries are compiled once per
    process (the year and its first and last day are their parameters)."""
    first, last = year_bounds(year)
    counted = dict(
        compiled.rows("members.fee_page.members", _fee_page_members, year=year, first=first, last=last)
    )
    members = {"total": counted.get(0, 0), "paid": counted.get(1, 0)}
    groups = compiled.rows("members.fee_page.groups", _fee_groups, year=year)
    tiers = dict.fromkeys(tier_amounts, 0)
    figures = dict.fromkeys(("special_agreement", "fee_income", "claimed", "sent", "to_send", "unpaid"), 0)
    for tier, count, special, income, *claims in groups:
        figures["fee_income"] += income
        for key, value in zip(("claimed", "sent", "to_send", "unpaid"), claims, strict=True):
            figures[key] += value
        if tier is None:
            figures["special_agreement"] = special
        else:
            tiers[tier] = count
    return figures | {
        "total": members["total"],
        "fee_tiers": {str(amount): tiers[amount] for amount in sorted(tiers, reverse=True)},
        "paid_share_percent": percent(members["paid"], members["total"]),
    }


def _fee_page_members(year: int, first, last):
    """The members of the span `first`–`last` (0: their number), and those of them with something paid on their fee
    of `year` (1: their number), as two rows of one query: the first counted from the members' index on (joined,
    left), the second from the fees' index of those with something paid (`members_fee_paid`), each member
    looked up by its key. (A member has at most one fee a year.) Neither reads a row of the year's other fees,
    which joining the year's fee to every member did."""
    one = Value(0, output_field=IntegerField())
    members = Member.objects.filter(in_span(first, last)).order_by().values_list(one).annotate(n=Count("pk"))
    paid = (
        Fee.objects.filter(year=year, paid__gt=0)
        .filter(Q(member__left__isnull=True) | Q(member__left__gte=first), member__joined__lte=last)
        .order_by()
        .values_list(Value(1, output_field=IntegerField()))
        .annotate(n=Count("pk"))
    )
    return members.union(paid, all=True).order_by()


def _fee_groups(year: int):
    claimed = ~Q(kid="")
    return (
        Fee.objects.filter(year=year)
        .order_by()  # Fee's default ordering must not split the groups
        .values_list("tier")
        .annotate(
            n=Count("pk"),
            special=Count("pk", filter=~Q(agreement="")),
            income=Coalesce(Sum("paid"), 0),
            claimed=Count("pk", filter=claimed),
            sent=Count("pk", filter=Q(invoice_sent_at__isnull=False)),
            to_send=Count("pk", filter=claimed & Q(invoice_sent_at__isnull=True) & Q(tier__gt=0)),
            unpaid=Count("pk", filter=claimed & Q(tier__isnull=False, paid__lt=F("tier"))),
        )
    )


def supporting_figures(year: int, *, together=()) -> dict:
    return now(memo_deferred("members.supporting_figures", year, together, _supporting_figures))


def _supporting_figures(years: list[int]) -> Deferred:
    """Each year's supporting members, in one query (one row: no grouping)."""
    counts: dict = {}
    for year in years:
        counts[f"total_{year}"] = Count("pk", filter=in_year(year))
        counts[f"new_{year}"] = Count("pk", filter=in_year(year) & Q(joined__year=year))
    counted = (
        SupportingMember.objects.filter(reduce(or_, (in_year(year) for year in years)))
        .order_by()
        .values_list(Value(0, output_field=IntegerField()))
        .annotate(**counts)
    )

    def build(found: dict) -> dict[int, dict]:
        row = dict(zip(counts, found["counted"][0][1:], strict=True)) if found["counted"] else {}
        return {
            year: {"total": row.get(f"total_{year}", 0), "new": row.get(f"new_{year}", 0)} for year in years
        }

    return Deferred({"counted": counted}, build)


def reached(year: int, *, together=()) -> dict[int, set[str]]:
    """Organisation id → how Balansekunst worked with it in `year` (activity, course, grant, contact), from
    every register that answers `organisations_reached`, in one query. `together`: other years asked for in
    the same request, which the registers may read in the same query."""
    return _reached(year, together=together).evaluate()


def kept_reached(year: int) -> dict[int, set[str]]:
    """`reached(year)`, kept until a register is written to (`balanse.core.stamps`): a member's page shows how
    Balansekunst worked with its organisation, from the whole year's union of the registers."""
    return stamps.kept(("members.reached", year), lambda: dict(reached(year)))


def _reached(year: int, *, together=()) -> Deferred:
    answers = [
        response
        for _receiver, response in organisations_reached.send(
            sender=None, year=year, years=(year, *together), defer=True
        )
    ]

    def build(built: list) -> dict[int, set[str]]:
        found: dict[int, set[str]] = defaultdict(set)
        for pairs in built:
            for organisation_id, kind in pairs or []:
                found[organisation_id].add(kind)
        return found

    return combine(answers, build)


def contacts_reached(year: int, *, together=(), defer: bool = False) -> list[tuple[int, str]] | Deferred:
    """The organisations of the contacts the staff logged in `year` (this register's `organisations_reached`).
    `defer`: a Deferred the sender runs with other registers' (`balanse.core.counts`), where the request does
    not know the answer yet."""
    answer = memo_deferred("members.contacts_reached", year, together, _contacts_reached)
    return answer if defer else now(answer)


def _contacts_reached(years: list[int]) -> Deferred:
    rows = (
        Contact.objects.filter(in_years("date", years))
        .order_by()
        .values_list(year_of("date", years), "member__organisation_id")
        .distinct()
    )

    return reached_by_year(rows, years, "contact")


def collaboration_figures(year: int, reached_map: dict[int, set[str]] | None = None, *, together=()) -> dict:
    if reached_map is not None:
        counted = collaboration_counts(year, reached_map)
        return {key: counted[key] for key in ("members_reached", "share_percent")}
    return now(memo_deferred("members.collaboration_figures", year, together, _collaboration_figures))


def collaboration_page_counts(year: int) -> tuple[dict[int, set[str]], dict, int]:
    """What the collaboration page counts for `year`: (`reached(year)`, `collaboration_counts` of it,
    `contacts_count(year)`), kept until a register is written to (`balanse.core.stamps`)."""

    def count() -> tuple[dict[int, set[str]], dict, int]:
        reached_map = reached(year)
        return reached_map, collaboration_counts(year, reached_map), contacts_count(year)

    return stamps.kept(("members.collaboration", year), count)


def collaboration_counts(year: int, reached_map: dict[int, set[str]]) -> dict:
    """The year's members, those reached (by `reached_map`, the year's `reached`) and their share, counted in
    one query, without reading the members: compiled once for each number of organisations reached (the year's
    dates and the organisations' keys are its parameters)."""
    ids = sorted(reached_map)
    first, last = year_bounds(year)
    values = {"first": first, "last": last, **compiled.numbered("reached", ids)}

    def counts(**given) -> dict:
        asked = {"members": Count("pk")}
        if ids:  # none reached: nothing to count (an empty IN is no SQL)
            reached = [given[f"reached{number}"] for number in range(len(ids))]
            asked["members_reached"] = Count("pk", filter=Q(organisation_id__in=reached))
        return asked

    counted = compiled.aggregate(
        ("members.collaboration_counts", len(ids)),
        lambda first, last, **_: Member.objects.filter(in_span(first, last)),
        counts,
        **values,
    )
    counted.setdefault("members_reached", 0)
    return counted | {"share_percent": percent(counted["members_reached"], counted["members"])}


def collaboration_members(year: int, reached_ids, *, reached: bool) -> "CollaborationMembers":
    """The year's members reached (`reached`: their organisation among `reached_ids`, the year's `reached`) or
    not, in the collaboration page's order (organisation name, then pk), as (pk, organisation id, organisation
    name, art field code or None): sliced, only the rows asked for are read (a page of the list: the year's
    members were read whole; their number grows with the register, a page does not)."""
    return CollaborationMembers(year, reached_ids, reached=reached)


class CollaborationMembers:
    """`collaboration_members`' list for `paginate`: a slice of it is read by SQL compiled once for each number
    of organisations reached and each slice (the year's dates and the organisations' keys are its parameters)."""

    def __init__(self, year: int, reached_ids, *, reached: bool):
        self.reached, self.ids = reached, sorted(reached_ids)
        first, last = year_bounds(year)
        self.values = {"first": first, "last": last, **compiled.numbered("reached", self.ids)}

    def _members(self, first, last, **given):
        members = Member.objects.filter(in_span(first, last))
        ids = [given[f"reached{number}"] for number in range(len(self.ids))]
        members = (
            members.filter(organisation_id__in=ids)
            if self.reached
            else members.exclude(organisation_id__in=ids)
        )
        return members.order_by("organisation__name", "pk").values_list(
            "pk", "organisation_id", "organisation__name", "field__code"
        )

    def __getitem__(self, index: slice) -> list[tuple]:
        """The slice's rows, kept until a register changes (`balanse.core.stamps`): the page is sorted by the
        organisations' names out of all the year's members, which grows with the register."""
        return stamps.kept_rows(
            ("members.collaboration_members", self.reached, len(self.ids), index.start, index.stop),
            lambda **given: self._members(**given)[index],
            **self.values,
        )

    def __iter__(self):
        return iter(self[:])


def contacts_count(year: int) -> int:
    """How many contacts were logged in `year` (as `Contact.objects.filter(date__year=year).count()`), compiled
    once."""
    first, last = year_bounds(year)
    return compiled.aggregate(
        "members.contacts_count",
        lambda first, last: Contact.objects.filter(date__gte=first, date__lte=last),
        {"n": Count("pk")},
        first=first,
        last=last,
    )["n"]


def _collaboration_figures(years: list[int]) -> Deferred:
    """Each year's share of member organisations reached: the registers' answers (which read the years
    together, in the query of the annual figures), then the member organisations of the years and those of them
    reached, counted in one more query (the members are not read: their number grows with the register, the
    organisations reached in a year do not)."""
    first, others = years[0], years[1:]

    def build(built: list) -> dict[int, dict]:
        (reached_first,) = built
        reached_maps = {first: reached_first}
        for year in others:  # their answers were kept when the first year's were read (in a request)
            reached_maps[year] = reached(year, together=[y for y in years if y != year])
        return _collaboration_counted(years, reached_maps)

    return combine([_reached(first, together=others)], build)


def _collaboration_counted(years: list[int], reached_maps: dict[int, dict]) -> dict[int, dict]:
    """For each of `years`, the member organisations of the year and those of them reached (the keys of
    `reached_maps[year]`), counted in one query, compiled once for the number of years and of organisations
    reached in each (the years' dates and the organisations' keys are its parameters)."""
    reached_ids = [sorted(reached_maps[year]) for year in years]
    values = {}
    for index, year in enumerate(years):
        values[f"first{index}"], values[f"last{index}"] = year_bounds(year)
        values.update(compiled.numbered(f"reached{index}_", reached_ids[index]))

    def span(given: dict, index: int) -> Q:
        return in_span(given[f"first{index}"], given[f"last{index}"])

    def counts(**given) -> dict:
        asked = {}
        for index, ids in enumerate(reached_ids):
            asked[f"members_{index}"] = Count("organisation", distinct=True, filter=span(given, index))
            if ids:
                reached = [given[f"reached{index}_{number}"] for number in range(len(ids))]
                asked[f"reached_{index}"] = Count(
                    "organisation", distinct=True, filter=span(given, index) & Q(organisation_id__in=reached)
                )
        return asked

    found = compiled.aggregate(
        ("members.collaboration_counted", tuple(len(ids) for ids in reached_ids)),
        lambda **given: Member.objects.filter(
            reduce(or_, (span(given, index) for index in range(len(years))))
        ),
        counts,
        **values,
    )
    figures = {}
    for index, year in enumerate(years):
        members_reached = found.get(f"reached_{index}", 0)
        figures[year] = {
            "members_reached": members_reached,
            "share_percent": percent(members_reached, found[f"members_{index}"]),
        }
    return figures


def annual_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """The `members`, `supporting_members` and `collaboration` sections. `together`: other years asked for in
    the same request (the report's year before), read in the same query. `defer`: a Deferred the sender runs
    with other registers' (`balanse.core.counts`), where the request does not know the answer yet."""
    sections = {
        "members": memo_deferred("members.member_figures", year, together, _member_figures),
        "supporting_members": memo_deferred(
            "members.supporting_figures", year, together, _supporting_figures
        ),
        "collaboration": memo_deferred(
            "members.collaboration_figures", year, together, _collaboration_figures
        ),
    }
    answer = combine(list(sections.values()), lambda built: dict(zip(sections, built, strict=True)))
    return answer if defer else now(answer)


# The member list


class FeeFilter:
    PAID = "paid"
    UNPAID = "unpaid"
    AGREEMENT = "agreement"
    NONE = "none"


FEE_FILTERS = (FeeFilter.PAID, FeeFilter.UNPAID, FeeFilter.AGREEMENT, FeeFilter.NONE)


class OrganisationKey(Expression):
    """The organisation's own key, read from its joined row (`organisations_organisation.id`) where the ORM
    writes the member's foreign key for `organisation__id`: the same value, but only the organisation's column
    lets the database take the order from the index `organisation_list_order` (LOWER(name), id)."""

    def resolve_expression(self, query=None, *args, **kwargs):
        name = F("organisation__name").resolve_expression(query, *args, **kwargs)  # the join is the name's
        return Col(name.alias, Organisation._meta.pk)


LIST_COLUMNS = (
    "joined",
    "left",
    "organisation__name",
    "organisation__org_number",
    "organisation__municipality",
)
# By the organisation's name whatever its case, then the organisation, as the index `organisation_list_order`
# holds them: a page of the list is read from the index, and organisations of the same name keep their order.
LIST_ORDER = (Lower("organisation__name"), OrganisationKey())


def _year_fee(year: int) -> tuple[dict, dict]:
    """The year's fee joined to each member (a member has at most one a year), and the values the list shows
    and filters on of it, for `annotate` in that order."""
    joined = {"year_fee": FilteredRelation("fees", condition=Q(fees__year=year))}
    values = {
        "fee_tier": F("year_fee__tier"),
        "fee_agreement": Coalesce(F("year_fee__agreement"), Value(""), output_field=TextField()),
        "fee_paid": Coalesce(F("year_fee__paid"), Value(0), output_field=IntegerField()),
        "fee_kid": Coalesce(F("year_fee__kid"), Value(""), output_field=CharField()),
        "has_fee": ExpressionWrapper(Q(year_fee__pk__isnull=False), output_field=BooleanField()),
    }
    return joined, values


class _Unindexed(Func):
    """A column as it is, but on SQLite written with a unary plus (which changes no value): the planner then
    does not read the members by the index on (joined, left), a range that holds most of them, and a page of
    the list is read in the organisations' order from the index `organisation_list_order` instead, stopping at
    the page's last row, rather than every member of the year read and sorted for it."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def member_list(
    *,
    year: int,
    q: str = "",
    field: str = "",
    municipality: str = "",
    new: bool = False,
    tier: int | None = None,
    fee: str = "",
    first=None,
    last=None,
    pages: bool = False,
):
    """Members of `year` with their fee for the year as annotations (one query, whatever the size): the year's
    fee is joined (a member has at most one a year), not looked up by a subquery per column and member.
    `first`, `last`: the year's first and last day (`year_bounds`), when a caller compiles the query once for
    any year. `pages`: in `LIST_ORDER` (the same order, organisations of the same name kept apart) and read
    from the organisations' index, for a page of the list (`Listed`)."""
    if first is None:
        first, last = year_bounds(year)
    if pages:  # `in_span`, with the day joined not read from the members' index (`_Unindexed`)
        members = Member.objects.alias(joined_on=_Unindexed("joined", output_field=DateField())).filter(
            (Q(left__isnull=True) | Q(left__gte=first)) & Q(joined_on__lte=last)
        )
    else:
        members = Member.objects.filter(in_span(first, last))
    joined, fee_values = _year_fee(year)
    members = (
        members.select_related("organisation")
        # What the list and its export show, not the rest of each row (a member's page reads it all); the
        # field's code, not an ArtField made for each row.
        .only(*LIST_COLUMNS)
        .annotate(**joined)
        .annotate(field_code=F("field__code"), **fee_values)
    )
    members = _filtered(
        members, year, q=q, field=field, municipality=municipality, new=new, tier=tier, fee=fee
    )
    return members.order_by(*LIST_ORDER) if pages else members.order_by(Lower("organisation__name"))


def _filtered(members, year: int, *, q="", field="", municipality="", new=False, tier=None, fee=""):
    """`members` with the list's filters: `tier` and `fee` need the year's fee values (`_year_fee`)."""
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
    return members


def _counted(*, year: int, first, last, fee: str = "", tier=None, **filters):
    """The members `member_list` lists, with no more joined than the filters need (the year's fee only for
    `fee` or `tier`): counted from the members' index when nothing is filtered."""
    members = Member.objects.filter(in_span(first, last)).order_by()
    if fee or tier:
        joined, fee_values = _year_fee(year)
        members = members.annotate(**joined).annotate(**fee_values)
    return _filtered(members, year, fee=fee, tier=tier, **filters)


class ListRow(NamedTuple):
    """A member of the list's page, as `member_list` reads it: the organisation's name and municipality, the
    membership's dates, the art field's code, and the year's fee (tier, agreement, paid, whether there is one)."""

    pk: int
    name: str
    municipality: str
    joined: date
    left: date | None
    field_code: str | None
    fee_tier: int | None
    fee_agreement: str
    fee_paid: int
    has_fee: bool


# `ListRow`'s values, as `member_list`'s names them.
LIST_ROW = (
    "pk",
    "organisation__name",
    "organisation__municipality",
    "joined",
    "left",
    "field_code",
    "fee_tier",
    "fee_agreement",
    "fee_paid",
    "has_fee",
)


class Listed(Paged):
    """The member list of `year` with `filters` (`member_list`'s) for `paginate`: counted without reading the
    members (`_counted`), and only the page's members read, in `LIST_ORDER`, as `ListRow`s: neither grows with
    the register but by the page's place in it. Without a search, a municipality or “new this year”, both are
    asked by SQL compiled once per process (the page's rows once per page; `fee` and whether `field` and `tier`
    are given shape the SQL, their values and the year's dates are its parameters)."""

    def __init__(self, year: int, **filters):
        self.year, self.filters = year, filters
        fee, others = (
            filters.get("fee", ""),
            {name: value for name, value in filters.items() if name not in ("fee", "field", "tier")},
        )
        self.compiled = not any(others.values()) and fee in ("", *FEE_FILTERS)
        first, last = year_bounds(year)
        self.values = {"year": year, "first": first, "last": last}
        if filters.get("field"):
            self.values["field"] = filters["field"]
        if filters.get("tier"):
            self.values["tier"] = filters["tier"]
        self.shape = (fee, bool(filters.get("field")), bool(filters.get("tier")))

    def _given(self, values: dict) -> dict:
        """`member_list`'s arguments with `values` (the caller's, or the stand-ins) for the year, its dates, the
        field and the tier."""
        return {**self.filters, "field": values.get("field", ""), "tier": values.get("tier"), **values}

    def count(self) -> int:
        if not self.compiled:
            first, last = year_bounds(self.year)
            return _counted(year=self.year, first=first, last=last, **self.filters).count()
        values = dict(self.values)
        if not (self.filters.get("fee") or self.filters.get("tier")):
            del values["year"]  # the year's fee is not joined: the year is not the SQL's
        return stamps.kept_aggregate(  # until a register changes: the count reads every member of the year
            ("members.list.count", *self.shape),
            lambda **given: _counted(**self._given({"year": self.year, **given})),
            {"n": Count("pk")},
            **values,
        )["n"]

    def rows(self, index: slice) -> list:
        if not self.compiled:
            rows = member_list(year=self.year, pages=True, **self.filters).values_list(*LIST_ROW)[index]
        else:
            rows = stamps.kept_rows(  # until a register changes
                ("members.list.page", *self.shape, index.start, index.stop),
                lambda **values: member_list(pages=True, **self._given(values)).values_list(*LIST_ROW)[index],
                **self.values,
            )
        return [ListRow._make(row) for row in rows]


def member_municipalities() -> list[str]:
    """The members' municipalities (for the list's filter), kept until a register changes: read from every
    member."""
    return stamps.kept_rows(
        "members.municipalities",
        lambda: (
            Member.objects.exclude(organisation__municipality="")
            .order_by("organisation__municipality")
            .values_list("organisation__municipality", flat=True)
            .distinct()
        ),
    )


def tier_amounts(year: int) -> list[int]:
    """The year's tier amounts, highest first (FeeTier's order), compiled once."""
    return compiled.rows(
        "members.tier_amounts",
        lambda year: FeeTier.objects.filter(year=year).values_list("amount", flat=True),
        year=year,
    )


def supporting_pending() -> int:
    """How many supporting members have signed up and not yet been let in (no `joined`), compiled once."""
    return compiled.aggregate(
        "members.supporting_pending",
        lambda: SupportingMember.objects.filter(joined__isnull=True),
        {"n": Count("pk")},
    )["n"]


def pending_applications() -> int:
    """How many applications wait for a decision, compiled once."""
    return compiled.aggregate(
        "members.pending_applications",
        lambda state: MembershipApplication.objects.filter(state=state),
        {"n": Count("pk")},
        state=str(ApplicationState.PENDING),
    )["n"]


def fee_page(year: int, shown: int, reminder_limit) -> tuple:
    """What the fee page reads for `year`: (`fee_year_of`, `tiers_of`, `fee_page_figures` of those tiers,
    `unpaid_of(year, shown)`, `reminders_due_count(reminder_limit)`), kept until a register is written to
    (`balanse.core.stamps`; the day is in its key, so the reminders due move on with the date)."""

    def read() -> tuple:
        tiers = tiers_of(year)
        return (
            fee_year_of(year),
            tiers,
            fee_page_figures(year, [tier.amount for tier in tiers]),
            unpaid_of(year, shown),
            reminders_due_count(reminder_limit),
        )

    return stamps.kept(("members.fee_page", year, shown, reminder_limit.isoformat()), read)


def fee_year_of(year: int):
    """The year's FeeYear (its cut-off and decision) or None, compiled once."""
    return compiled.instance(
        "members.fee_year", FeeYear, lambda year: FeeYear.objects.filter(year=year), year=year
    )


def tiers_of(year: int) -> list:
    """The year's tiers (FeeTier, highest first), compiled once."""
    return compiled.instances(
        "members.tiers", FeeTier, lambda year: FeeTier.objects.filter(year=year), year=year
    )


def unpaid_of(year: int, shown: int) -> list[tuple]:
    """The year's first `shown` unpaid claims by due date then name, as `Fee.objects.unpaid_claims()`: (member
    id, organisation name, outstanding kroner, KID, due date, reminder sent), compiled once per `shown`."""
    found = compiled.rows(
        ("members.unpaid", shown),
        lambda year: (
            Fee.objects.filter(year=year)
            .unpaid_claims()
            .order_by("due_date", "member__organisation__name")
            .values_list(
                "member_id",
                "member__organisation__name",
                "tier",
                "paid",
                "kid",
                "due_date",
                "reminder_sent_at",
            )[:shown]
        ),
        year=year,
    )
    return [
        (member, name, max((tier or 0) - paid, 0), kid, due, reminder)
        for member, name, tier, paid, kid, due, reminder in found
    ]


def reminders_due_count(limit) -> int:
    """How many unpaid claims are due on or before `limit` and had no reminder (`services.reminders_due`'s
    claims, with `limit` its date), compiled once."""
    return compiled.aggregate(
        "members.reminders_due",
        lambda limit: Fee.objects.unpaid_claims().filter(reminder_sent_at__isnull=True, due_date__lte=limit),
        {"n": Count("pk")},
        limit=limit,
    )["n"]


def default_fee_year(today: int) -> int:
    """The fee page's year when none is asked: `today` (this year's number) if it has fees or tiers, or if no
    year has; else the latest year that has. One query, compiled once: the latest year of the fees and of the
    tiers, and whether `today` has either, each read from an index (Fee's (year, tier), FeeTier's (year,
    amount)) rather than the years of every fee."""

    def build(year):
        # MAX with no GROUP BY (the constant is not grouped by): read from the end of the index.
        fees, tiers = (
            model.objects.order_by()
            .values_list(Value(0, output_field=IntegerField()))
            .annotate(latest=Max("year"))
            for model in (Fee, FeeTier)
        )
        return fees.union(fees.filter(year=year), tiers, tiers.filter(year=year)).order_by()

    years = {latest for _, latest in compiled.rows("members.default_fee_year", build, year=today)} - {None}
    return today if today in years or not years else max(years)


def tier_year_for(year: int) -> int | None:
    """The year whose tiers apply in `year`: its own, else the latest earlier year's (tiers stand until the annual
    meeting decides new ones). None when no year up to `year` has tiers. Compiled once."""
    found = compiled.rows(
        "members.tier_year_for",
        lambda year: (
            FeeTier.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True)[:1]
        ),
        year=year,
    )
    return found[0] if found else None


# A member's page: each read compiled once (the member's id, organisation and year are its values).


def member_of(pk: int) -> Member | None:
    """The member `pk` with its organisation and art field read along (as `select_related`), or None."""
    return compiled.instance(
        "members.member_of",
        Member,
        lambda pk: Member.objects.filter(pk=pk),
        related=("organisation", "field"),
        pk=pk,
    )


def fees_of(member: Member) -> list[Fee]:
    """`member.fees.all()`: the member's fees in Fee's order (the latest year first), each knowing `member`."""
    fees = compiled.instances(
        "members.fees_of", Fee, lambda member: Fee.objects.filter(member_id=member), member=member.pk
    )
    for fee in fees:
        Fee.member.field.set_cached_value(fee, member)
    return fees


def contacts_of(member: Member, year: int) -> list[Contact]:
    """`member.contacts.filter(date__year=year)`: the contacts logged with `member` in `year`, latest first."""
    first, last = year_bounds(year)
    contacts = compiled.instances(
        "members.contacts_of",
        Contact,
        lambda member, first, last: Contact.objects.filter(member_id=member, date__gte=first, date__lte=last),
        member=member.pk,
        first=first,
        last=last,
    )
    for contact in contacts:
        Contact.member.field.set_cached_value(contact, member)
    return contacts


def latest_certification(organisation_id: int):
    """`Certification.objects.latest_for(organisation)`: the organisation's latest certification, or None."""
    return compiled.instance(
        "members.latest_certification",
        Certification,
        lambda organisation: Certification.objects.filter(organisation_id=organisation).order_by(
            "-created", "-pk"
        )[:1],
        organisation=organisation_id,
    )


def admins_of(organisation_id: int) -> list:
    """`organisations.queries.admins_of(organisation)`: the active people who administer the organisation,
    by e-mail address."""
    user_model = get_user_model()
    return compiled.instances(
        "members.admins_of",
        user_model,
        lambda organisation, role: user_model.objects.filter(
            memberships__organisation_id=organisation, memberships__role=role, is_active=True
        ).order_by("email"),
        organisation=organisation_id,
        role=str(Role.ADMIN),
    )


# The payments page


def open_payments(shown: int) -> list[Payment]:
    """The first `shown` payments not placed on a fee nor set aside, in Payment's order (the newest first),
    compiled once for each `shown`."""
    return compiled.instances(
        ("members.open_payments", shown),
        Payment,
        lambda: Payment.objects.filter(fee__isnull=True, dismissed_at__isnull=True)[:shown],
    )


class PlacedPayment(NamedTuple):
    booked_on: date
    member_id: int
    name: str  # the member organisation's
    year: int  # the fee's
    amount: Decimal
    source: str


def recent_payments(shown: int) -> list[PlacedPayment]:
    """The latest `shown` payments placed on a fee, in Payment's order (the newest first), with the fee's year
    and member: compiled once for each `shown`."""
    return [
        PlacedPayment._make(row)
        for row in compiled.rows(
            ("members.recent_payments", shown),
            lambda: Payment.objects.exclude(fee__isnull=True).values_list(
                "booked_on",
                "fee__member_id",
                "fee__member__organisation__name",
                "fee__year",
                "amount",
                "source",
            )[:shown],
        )
    ]
