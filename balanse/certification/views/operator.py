"""The operator's dashboard of Balansemerket: the review queue, the pipeline, requests, the year's target and
achievements, marks about to expire, certifications stuck in a step and the latest changes, each list with its
first few rows; and the page that shows one of these lists in full, a page at a time."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import Certification, MarkRequest, SchemeSettings, YearTarget
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import paginate, require_perm

S = Certification.State
ENDED = (S.EXPIRED, S.WITHDRAWN)

LIST_LIMIT = 50
# The dashboard shows the first few of each list, with a link to the whole list (the same on a demo and with
# ten times the organisations); the list page shows them all, a page at a time.
DASHBOARD_ROWS = 5
PAGE_SIZE = 25

# The lists of the list page (`?vis=`), beside the organisations in one state (`?status=`).
QUEUE, STUCK, EXPIRING = "vurdering", "star-stille", "utloper"


def _queue_rows(certifications, now) -> list[dict]:
    return [
        {"certification": c, "since": c.waiting_since, "days": (now - c.waiting_since).days}
        for c in certifications
    ]


def _stuck_rows(certifications, now) -> list[dict]:
    return [
        {"certification": c, "holder": queries.HOLDER.get(c.state), "days": (now - c.state_changed_at).days}
        for c in certifications
    ]


def _ongoing():
    """Each organisation's latest certification that has not ended (what the pipeline counts)."""
    return queries.latest_certifications().exclude(state__in=ENDED).select_related("organisation")


@login_required
def dashboard(request):
    require_perm(request, "certification.view_dashboard")
    if "status" in request.GET or "side" in request.GET:
        # The list of ongoing certifications has its own page (addresses saved from the dashboard still work).
        query = request.GET.copy()
        query.pop("ar", None)
        return redirect(f"{reverse('certification:list')}?{query.urlencode()}")
    year = timezone.localdate().year
    year = parse_ascii_int(request.GET.get("ar", ""), low=2000, high=2100) or year
    targets = {target.year: target for target in YearTarget.objects.all()}  # newest year first
    target = targets.get(year)
    pipeline = queries.pipeline_counts()
    now = timezone.now()
    queue, queue_total = queries.with_total(queries.review_queue(), DASHBOARD_ROWS)
    stuck, stuck_total = queries.with_total(queries.stuck(90), DASHBOARD_ROWS)
    expiring, expiring_total = queries.with_total(queries.expiring_within(60), DASHBOARD_ROWS)
    return render(
        request,
        "certification/dashboard.html",
        {
            "pipeline": pipeline,
            "queue": _queue_rows(queue, now),
            "queue_total": queue_total,
            "expiring": expiring,
            "expiring_total": expiring_total,
            "stuck": _stuck_rows(stuck, now),
            "stuck_total": stuck_total,
            # The latest changes among the ongoing certifications; the pipeline counts them all.
            "recent": _ongoing().order_by("-state_changed_at", "-pk")[:DASHBOARD_ROWS],
            "ongoing_total": sum(count for state, _label, count in pipeline if state not in ENDED),
            "year": year,
            "target": target,
            "figures": queries.year_figures(year),
            "target_form": forms.TargetForm(
                initial={"year": year, "target": target.target if target else None}
            ),
            # The other years with a target (the shown year is the heading, not a choice).
            "years": [other for other in targets if other != year],
            "mark_requests": MarkRequest.objects.filter(state=MarkRequest.State.NEW)[:LIST_LIMIT],
            "response_time_form": forms.ResponseTimeForm(instance=SchemeSettings.current()),
        },
    )


@login_required
def certification_list(request):
    """One of the dashboard's lists in full, a page at a time: the review queue (`?vis=vurdering`), the
    certifications stuck in a step (`star-stille`), the marks about to expire (`utloper`), the organisations in
    one state (`?status=`), or else every ongoing certification."""
    require_perm(request, "certification.view_dashboard")
    now = timezone.now()
    view = request.GET.get("vis", "")
    status = request.GET.get("status", "")
    context = {"view": view, "status": "", "status_label": ""}
    if view == QUEUE:
        found = paginate(request, queries.review_queue(), PAGE_SIZE)
        context["rows"] = _queue_rows(found["page"].object_list, now)
    elif view == STUCK:
        found = paginate(request, queries.stuck(90), PAGE_SIZE)
        context["rows"] = _stuck_rows(found["page"].object_list, now)
    elif view == EXPIRING:
        found = paginate(request, queries.expiring_within(60), PAGE_SIZE)
        context["rows"] = found["page"].object_list
    else:
        context["view"] = ""
        certifications = queries.latest_certifications().select_related("organisation")
        if status in S.values:
            # A pipeline number opens the list of the organisations it counts (ended ones too).
            certifications = certifications.filter(state=status)
            context |= {"status": status, "status_label": S(status).label}
        else:
            certifications = _ongoing()
        found = paginate(request, certifications.order_by("organisation__name", "pk"), PAGE_SIZE)
        context["rows"] = found["page"].object_list
    return render(request, "certification/list.html", context | found)


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
