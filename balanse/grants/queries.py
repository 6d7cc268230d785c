"""Balansepotten's figures: the year overview for the staff and the annual figures (BACK-OFFICE.md)."""

from functools import partial
from typing import NamedTuple

from django.db.models import Avg, Count, Q, Sum

from balanse.core import compiled, stamps
from balanse.core.counts import Deferred, now, reached_by_year, then
from balanse.core.permissions import memo, memo_deferred
from balanse.grants.models import GIVEN, Application, Criterion, GrantCall, Status

_APPLIED, _GIVEN = ~Q(status=Status.DRAFT), Q(status__in=GIVEN)
OVERVIEW = {
    "applied": Count("pk", filter=_APPLIED),
    "applied_amount": Sum("amount_applied", filter=_APPLIED, default=0),
    "granted": Count("pk", filter=_GIVEN),
    "granted_amount": Sum("amount_granted", filter=_GIVEN, default=0),
    "declined": Count("pk", filter=Q(status=Status.DECLINED)),
    "waiting": Count("pk", filter=Q(status=Status.SUBMITTED)),
    "paid": Count("pk", filter=Q(status=Status.PAID)),
    "paid_amount": Sum("amount_granted", filter=Q(status=Status.PAID), default=0),
    "postponed": Count("pk", filter=Q(status=Status.POSTPONED)),
    "postponed_amount": Sum("amount_granted", filter=Q(status=Status.POSTPONED), default=0),
    "to_pay": Count("pk", filter=Q(status=Status.GRANTED)),
    "to_pay_amount": Sum("amount_granted", filter=Q(status=Status.GRANTED), default=0),
    "drafts": Count("pk", filter=Q(status=Status.DRAFT)),
}


def call_of(year: int) -> GrantCall | None:
    """The year's call (one query per request, compiled once)."""
    return memo(
        ("grants.call_of", year),
        lambda: compiled.instance(
            "grants.call_of", GrantCall, lambda year: GrantCall.objects.filter(year=year), year=year
        ),
    )


def criteria_texts(call: GrantCall) -> list[tuple[str, str]]:
    """The call's criteria in their order, as (Norwegian, English) texts; from SQL compiled once."""
    return compiled.rows(
        "grants.criteria_texts",
        lambda call: Criterion.objects.filter(call_id=call).values_list("text_nb", "text_en"),
        call=call.pk,
    )


def year_overview(year: int) -> dict:
    """Applied, granted, paid, postponed, the drafts and what is left of the budget, in one query compiled once
    (plus the call)."""
    figures = compiled.aggregate(
        "grants.year_overview", lambda year: Application.objects.of_year(year), OVERVIEW, year=year
    )
    drafts = figures.pop("drafts")  # after the budget, as the page has always had it
    call = call_of(year)
    figures["budget"] = call.budget if call else None
    figures["remaining"] = call.budget - figures["granted_amount"] if call else None
    figures["drafts"] = drafts
    return figures


def kept_year_overview(year: int) -> dict:
    """`year_overview(year)` kept until a register changes (`balanse.core.stamps`): the operator's overview
    shows it beside the other apps' kept figures."""
    return stamps.kept(("grants.year_overview", year), partial(year_overview, year))


class ListRow(NamedTuple):
    """One application of the staff's year list, in plain values (no model instances)."""

    pk: int
    project: str
    applicant: str
    organisation_id: int | None
    amount_applied: int | None
    amount_granted: int | None
    average_score: float | None
    status: str
    project_postponed: bool

    def get_status_display(self) -> str:
        return Status(self.status).label


def _applications(year: int, status: str | None = None):
    rows = Application.objects.of_year(year).applied()
    if status is not None:
        rows = rows.filter(status=status)
    return (
        rows.annotate(average_score=Avg("scores__score"))
        .order_by("status", "project", "pk")
        .values_list(*ListRow._fields)
    )


def application_list(year: int, status: str = "") -> list[ListRow]:
    """The year's applications sent (all, or those of one status), with their reviews' average score: one
    query, compiled once."""
    if status:
        found = compiled.rows("grants.application_list.status", _applications, year=year, status=str(status))
    else:
        found = compiled.rows("grants.application_list", _applications, year=year)
    return [ListRow(*row) for row in found]


def annual_figures(year: int, *, together=(), defer: bool = False) -> dict | Deferred:
    """BACK-OFFICE.md's `balansepotten` section. `together`: other years asked for in the same request (the
    report's year before), read in the same query. `defer`: a Deferred the sender runs with other registers'
    (`balanse.core.counts`), where the request does not know the answer yet."""
    answer = memo_deferred("grants.annual_figures", year, together, _annual_figures)
    return then(answer if defer else now(answer), lambda section: {"balansepotten": section})


FIGURES = {
    "grants": Count("pk", filter=Q(status__in=GIVEN)),
    "granted_total": Sum("amount_granted", filter=Q(status__in=GIVEN), default=0),
    "postponed": Count("pk", filter=Q(status=Status.POSTPONED)),
    "paid_total": Sum("amount_granted", filter=Q(status=Status.PAID), default=0),
    "projects_postponed": Count("pk", filter=Q(status__in=GIVEN, project_postponed=True)),
    "applications": Count("pk", filter=~Q(status=Status.DRAFT)),
}


def _annual_figures(years: list[int]) -> Deferred:
    """Each year's figures, in one query grouped by year."""
    rows = Application.objects.filter(year__in=years).order_by().values_list("year").annotate(**FIGURES)

    def build(found: dict) -> dict[int, dict]:
        by_year = {year: dict(zip(FIGURES, values, strict=True)) for year, *values in found["rows"]}
        return {year: by_year.get(year, dict.fromkeys(FIGURES, 0)) for year in years}

    return Deferred({"rows": rows}, build)


def organisations_reached(year: int, *, together=(), defer: bool = False) -> list[tuple[int, str]] | Deferred:
    """Applicants of the year's grants (any status but a draft) that are organisations on the site.
    `together`: other years asked for in the same request, read in the same query. `defer` as for
    `annual_figures`."""
    answer = memo_deferred("grants.organisations_reached", year, together, _organisations_reached)
    return answer if defer else now(answer)


def _organisations_reached(years: list[int]) -> Deferred:
    rows = (
        Application.objects.filter(year__in=years)
        .applied()
        .filter(organisation__isnull=False)
        .order_by()
        .values_list("year", "organisation_id")
        .distinct()
    )

    return reached_by_year(rows, years, "grant")
