"""Balansepotten's figures: the year overview for the staff and the annual figures (BACK-OFFICE.md)."""

from django.db.models import Avg, Count, Q, Sum

from balanse.grants.models import GIVEN, Application, GrantCall, Status


def year_overview(year: int) -> dict:
    """Applied, granted, paid, postponed and what is left of the budget, in one query (plus the call)."""
    rows = Application.objects.of_year(year).applied()
    given = Q(status__in=GIVEN)
    figures = rows.aggregate(
        applied=Count("pk"),
        applied_amount=Sum("amount_applied", default=0),
        granted=Count("pk", filter=given),
        granted_amount=Sum("amount_granted", filter=given, default=0),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
        paid=Count("pk", filter=Q(status=Status.PAID)),
        paid_amount=Sum("amount_granted", filter=Q(status=Status.PAID), default=0),
        postponed=Count("pk", filter=Q(status=Status.POSTPONED)),
        postponed_amount=Sum("amount_granted", filter=Q(status=Status.POSTPONED), default=0),
        to_pay=Count("pk", filter=Q(status=Status.GRANTED)),
        to_pay_amount=Sum("amount_granted", filter=Q(status=Status.GRANTED), default=0),
    )
    call = GrantCall.objects.filter(year=year).first()
    figures["budget"] = call.budget if call else None
    figures["remaining"] = call.budget - figures["granted_amount"] if call else None
    figures["drafts"] = Application.objects.of_year(year).filter(status=Status.DRAFT).count()
    return figures


def application_list(year: int, status: str = ""):
    rows = (
        Application.objects.of_year(year)
        .applied()
        .select_related("organisation")
        .annotate(average_score=Avg("scores__score"))
        .order_by("status", "project", "pk")
    )
    return rows.filter(status=status) if status else rows


def annual_figures(year: int) -> dict:
    rows = Application.objects.of_year(year)
    figures = rows.aggregate(
        grants=Count("pk", filter=Q(status__in=GIVEN)),
        granted_total=Sum("amount_granted", filter=Q(status__in=GIVEN), default=0),
        postponed=Count("pk", filter=Q(status=Status.POSTPONED)),
        paid_total=Sum("amount_granted", filter=Q(status=Status.PAID), default=0),
        projects_postponed=Count("pk", filter=Q(status__in=GIVEN, project_postponed=True)),
        applications=Count("pk", filter=~Q(status=Status.DRAFT)),
    )
    return {"balansepotten": figures}


def organisations_reached(year: int) -> list[tuple[int, str]]:
    """Applicants of the year's grants (any status but a draft) that are organisations on the site."""
    ids = (
        Application.objects.of_year(year)
        .applied()
        .filter(organisation__isnull=False)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return [(pk, "grant") for pk in ids]
