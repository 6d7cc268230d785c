"""The operator's dashboard of Balansemerket: the review queue, the pipeline, requests, the year's target and
achievements, marks about to expire, certifications stuck in a step and the latest changes, each list with its
first few rows; and the page that shows one of these lists in full, a page at a time."""

from datetime import datetime
from functools import lru_cache
from types import MappingProxyType

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification import forms, queries, services
from balanse.certification.models import Certification, SchemeSettings
from balanse.certification.views import rows as rows_module
from balanse.core import stamps
from balanse.core.dates import format_date
from balanse.core.labels import choice_label
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import paginate, require_perm

S = Certification.State
ENDED = queries.ENDED

LIST_LIMIT = 50
# The dashboard shows the first few of each list, with a link to the whole list (the same on a demo and with
# ten times the organisations); the list page shows them all, a page at a time.
DASHBOARD_ROWS = 5
PAGE_SIZE = 25

# The lists of the list page (`?vis=`), beside the organisations in one state (`?status=`).
QUEUE, STUCK, EXPIRING = rows_module.QUEUE, rows_module.STUCK, rows_module.EXPIRING


def _day(value) -> str:
    """A day as `as_date` writes it; a moment's (local) day is kept per language (`core.dates`)."""
    return format_date(timezone.localtime(value).date() if isinstance(value, datetime) else value)


def _counted(message: str, days: int, **values) -> str:
    """`message` (ngettext's, for `days`) with its values as `{% blocktranslate count days=… %}` writes them
    (escaped as it escapes them), made once per row here instead of by the tag on every row."""
    data = {"days": conditional_escape(localize(days))} | {
        k: conditional_escape(v) for k, v in values.items()
    }
    return mark_safe(message % data)  # noqa: S308 (the values are escaped)


# What each list's table writes of a line beside its name, address and state (`_rows` makes only these): the
# review queue, the certifications stuck in a step, the marks about to expire, and the others (the ongoing
# certifications, one state's, the dashboard's latest changes).
TEXTS = {
    QUEUE: ("since", "waiting"),
    STUCK: ("in_state",),
    EXPIRING: ("valid_until",),
    "": ("changed", "valid_until"),
}


def _texts(line: queries.Line, days: int, names: tuple[str, ...]) -> dict:
    texts = {}
    if "since" in names:
        texts["since_text"] = _day(line.since)
    if "waiting" in names:
        texts["waiting_text"] = _counted(ngettext("%(days)s day", "%(days)s days", days), days)
    if "in_state" in names:
        message = ngettext("%(date)s (%(days)s day)", "%(date)s (%(days)s days)", days)
        texts["in_state_text"] = _counted(message, days, date=_day(line.state_changed_at))
    if "changed" in names:
        texts["changed_text"] = _day(line.state_changed_at)
    if "valid_until" in names:
        texts["valid_until_text"] = _day(line.valid_until)
    return texts


@lru_cache(maxsize=4096)
def _row(line: queries.Line, days: int, view: str, language: str | None, zone: str) -> MappingProxyType:
    """A line as the table of `view` shows it, made once per line value, day count, list, language and time zone
    (the days are written out in `language`, the moments' days are `zone`'s): its values and what the row
    writes, and the row's markup (`html`, written by `rows.line_html`). Read-only, as it is shared."""
    row = {
        "pk": line.pk,
        "url": reverse("certification:manage", args=[line.pk]),
        "name": line.name,
        "state": line.state,
        "state_label": choice_label(S, line.state),
        "state_changed_at": line.state_changed_at,
        "valid_until": line.valid_until,
        "days": days,
        "holder": queries.HOLDER.get(line.state),
    } | _texts(line, days, TEXTS[view])
    row["html"] = rows_module.line_html(view, row)
    return MappingProxyType(row)


def _rows(lines: list[queries.Line], now, view: str = "") -> list[MappingProxyType]:
    """The lines as the table of `view` (a key of `TEXTS`) shows them, in mappings (a template finds a key at
    once), with what each row writes made once per line value (`_row`) rather than by tags and filters on every
    row: the case page's address, the state's label, the days written out, the days since `Line.since`
    (waiting for review, in this state), who must act next, and the row's markup (`html`; a table template
    writes the rows' `rows_html`)."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    return [_row(line, (now - line.since).days, view, language, zone) for line in lines]


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
    with stamps.one_stamp():  # what is kept until a register changes, under one read of the stamp
        read = queries.dashboard(year, DASHBOARD_ROWS, LIST_LIMIT)
        stuck, stuck_total = queries.first_stuck(DASHBOARD_ROWS, 90)
    targets, pipeline = (
        read["targets"],
        read["pipeline"],
    )  # {year: target} newest first; (state, label, count)
    target = targets.get(year)
    now = timezone.now()
    (queue, queue_total), (expiring, expiring_total) = read["queue"], read["expiring"]
    queue, stuck, expiring = (
        _rows(queue, now, QUEUE),
        _rows(stuck, now, STUCK),
        _rows(expiring, now, EXPIRING),
    )
    recent = _rows(read["recent"], now)
    return render(
        request,
        "certification/dashboard.html",
        {
            "pipeline": pipeline,
            "queue": queue,
            "queue_html": rows_module.rows_html(queue),
            "queue_total": queue_total,
            "expiring": expiring,
            "expiring_html": rows_module.rows_html(expiring),
            "expiring_total": expiring_total,
            "stuck": stuck,
            "stuck_html": rows_module.rows_html(stuck),
            "stuck_total": stuck_total,
            # The latest changes among the ongoing certifications; the pipeline counts them all.
            "recent": recent,
            "recent_html": rows_module.rows_html(recent),
            "ongoing_total": sum(count for state, _label, count in pipeline if state not in ENDED),
            "year": year,
            "target": target,  # the number, None when the year has none
            "figures": read["figures"],
            "target_form": forms.TargetForm(initial={"year": year, "target": target}),
            # The other years with a target (the shown year is the heading, not a choice).
            "years": [other for other in targets if other != year],
            "mark_requests": read["mark_requests"],
            "response_time_form": forms.ResponseTimeForm(instance=SchemeSettings.current()),
        },
    )


@login_required
def certification_list(request):
    """One of the dashboard's lists in full, a page at a time: the review queue (`?vis=vurdering`), the
    certifications stuck in a step (`star-stille`), the marks about to expire (`utloper`), the organisations in
    one state (`?status=`), or else every ongoing certification."""
    require_perm(request, "certification.view_dashboard")
    view = request.GET.get("vis", "")
    status = request.GET.get("status", "")
    context = {"view": view, "status": "", "status_label": ""}
    if view == QUEUE:
        found = paginate(request, queries.lines(queries.review_queue(), "waiting_since"), PAGE_SIZE)
    elif view == STUCK:
        found = paginate(request, queries.lines(queries.stuck(90)), PAGE_SIZE)
    elif view == EXPIRING:
        found = paginate(request, queries.lines(queries.expiring_within(60)), PAGE_SIZE)
    else:
        context["view"] = ""
        if status in S.values:
            # A pipeline number opens the list of the organisations it counts (ended ones too).
            certifications = queries.latest_certifications().filter(state=status)
            context |= {"status": status, "status_label": choice_label(S, status)}
        else:
            certifications = queries.ongoing()
        found = paginate(
            request, queries.lines(certifications.order_by("organisation__name", "pk")), PAGE_SIZE
        )
    lines = [queries.Line(*row) for row in found["page"].object_list]
    context["rows"] = _rows(lines, timezone.now(), context["view"])
    context["rows_html"] = rows_module.rows_html(context["rows"])
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
