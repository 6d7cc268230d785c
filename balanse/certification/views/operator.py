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
ENDED = (S.EXPIRED, S.WITHDRAWN)

LIST_LIMIT = 50


@login_required
def dashboard(request):
    require_perm(request, "certification.view_dashboard")
    year = timezone.localdate().year
    year = parse_ascii_int(request.GET.get("ar", ""), low=2000, high=2100) or year
    targets = {target.year: target for target in YearTarget.objects.all()}  # newest year first
    target = targets.get(year)
    pipeline = queries.pipeline_counts()
    counts = {state: count for state, _label, count in pipeline}
    # The list counts what the pipeline counts (each organisation's latest certification), so the pipeline
    # gives the paginator its number of rows.
    ongoing = queries.latest_certifications()
    status = request.GET.get("status", "")
    if status in S.values:
        # A pipeline number opens the list of the organisations it counts.
        ongoing, total = ongoing.filter(state=status), counts[status]
    else:
        status = ""
        ongoing = ongoing.exclude(state__in=ENDED)
        total = sum(count for state, count in counts.items() if state not in ENDED)
    ongoing = ongoing.select_related("organisation").order_by("organisation__name", "pk")
    paginator = Paginator(ongoing, 50)
    paginator.count = total  # known: no COUNT query
    now = timezone.now()
    queue = [
        {"certification": c, "since": c.waiting_since, "days": (now - c.waiting_since).days}
        for c in queries.review_queue()[:LIST_LIMIT]
    ]
    stuck, stuck_total = queries.with_total(queries.stuck(90), LIST_LIMIT)
    expiring, expiring_total = queries.with_total(queries.expiring_within(60), LIST_LIMIT)
    return render(
        request,
        "certification/dashboard.html",
        {
            "pipeline": pipeline,
            "expiring": expiring,
            "expiring_total": expiring_total,
            "stuck": [
                {
                    "certification": c,
                    "holder": queries.HOLDER.get(c.state),
                    "days": (now - c.state_changed_at).days,
                }
                for c in stuck
            ],
            "queue": queue,
            "status": status,
            "status_label": S(status).label if status else "",
            "stuck_total": stuck_total,
            "year": year,
            "target": target,
            "figures": queries.year_figures(year),
            "target_form": forms.TargetForm(
                initial={"year": year, "target": target.target if target else None}
            ),
            # The other years with a target (the shown year is the heading, not a choice).
            "years": [other for other in targets if other != year],
            "ongoing": paginator.get_page(request.GET.get("side")),
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
