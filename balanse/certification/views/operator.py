"""The operator's dashboard of Balansemerket: the review queue, the pipeline, requests, the year's target and
achievements, marks about to expire, certifications stuck in a step, and all ongoing ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import Certification, MarkRequest, SchemeSettings, YearTarget
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import require_perm

S = Certification.State

LIST_LIMIT = 50


@login_required
def dashboard(request):
    require_perm(request, "certification.view_dashboard")
    year = timezone.localdate().year
    year = parse_ascii_int(request.GET.get("ar", ""), low=2000, high=2100) or year
    target = YearTarget.objects.filter(year=year).first()
    status = request.GET.get("status", "")
    if status in S.values:
        # A pipeline number opens the list of the organisations it counts (their latest certification).
        ongoing = queries.latest_certifications().filter(state=status)
    else:
        status = ""
        ongoing = Certification.objects.exclude(state__in=[S.EXPIRED, S.WITHDRAWN])
    ongoing = ongoing.select_related("organisation").order_by("organisation__name", "pk")
    now = timezone.now()
    queue = [
        {"certification": c, "since": c.waiting_since, "days": (now - c.waiting_since).days}
        for c in queries.review_queue()[:LIST_LIMIT]
    ]
    stuck = [
        {"certification": c, "holder": queries.HOLDER.get(c.state), "days": (now - c.state_changed_at).days}
        for c in queries.stuck(90)[:LIST_LIMIT]
    ]
    return render(
        request,
        "certification/dashboard.html",
        {
            "pipeline": queries.pipeline_counts(),
            "expiring": queries.expiring_within(60)[:LIST_LIMIT],
            "expiring_total": queries.expiring_within(60).count(),
            "stuck": stuck,
            "queue": queue,
            "status": status,
            "status_label": S(status).label if status else "",
            "stuck_total": queries.stuck(90).count(),
            "year": year,
            "target": target,
            "figures": queries.year_figures(year),
            "target_form": forms.TargetForm(
                initial={"year": year, "target": target.target if target else None}
            ),
            # The other years with a target (the shown year is the heading, not a choice).
            "years": list(YearTarget.objects.exclude(year=year).values_list("year", flat=True)),
            "ongoing": Paginator(ongoing, 50).get_page(request.GET.get("side")),
            "mark_requests": MarkRequest.objects.filter(state=MarkRequest.State.NEW)[:LIST_LIMIT],
            "response_time_form": forms.ResponseTimeForm(instance=SchemeSettings.current()),
            "query": f"ar={year}" + (f"&status={status}" if status else ""),
        },
    )


@login_required
@require_POST
def set_target(request):
    require_perm(request, "certification.set_target")
    form = forms.TargetForm(request.POST)
    if form.is_valid():
        services.set_year_target(by=request.user, **form.cleaned_data)
        messages.success(request, _("The target was saved."))
        return redirect(f"{reverse('certification:dashboard')}?ar={form.cleaned_data['year']}")
    messages.error(request, _("Give a year and a target of zero or more."))
    return redirect("certification:dashboard")
