"""The facilitator's pages: start a session, the control view (on the facilitator's laptop or phone), the
presenter view (the big screen the room sees: code, QR code, scenario and results, nothing else), ending the
session, the summary and exports.

The two views are kept in step by the same push stream: a change made in either (a click in the control view,
a key pressed on the presenter view) is published to the screen channel, and both refresh their live part."""

from pathlib import Path

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from balanse.core import exports, ratelimit
from balanse.core.pdf import html_to_pdf
from balanse.core.permissions import memo
from balanse.core.rules import is_operator
from balanse.core.views_helpers import base_url, get_object_with_perm, require_perm
from balanse.exercise import broker, queries, services
from balanse.exercise.forms import StartSessionForm
from balanse.exercise.models import ExerciseSession, ExerciseTemplate, Phase
from balanse.exercise.views import stream
from balanse.organisations.models import Organisation

SUMMARY_PDF_CSS = Path(__file__).resolve().parent.parent / "static" / "exercise" / "css" / "summary_pdf.css"


def _participant_path(code: str) -> str:
    return reverse("exercise:participate", args=[code])


def _get_session_for_user(request, pk: int) -> ExerciseSession:
    return get_object_with_perm(request, ExerciseSession, "exercise.run_session", pk=pk)


def _start_form(request, data=None) -> StartSessionForm:
    user = request.user
    operator = is_operator(user)
    # The querysets validate a choice sent; a form only shown gets its choices below, from the rows the page
    # reads anyway, so it is given none (building the person's querysets took about 0.6 ms of the page).
    sent = data is not None
    form = StartSessionForm(
        data,
        templates=queries.usable_templates(user) if sent else ExerciseTemplate.objects.none(),
        organisations=queries.admin_organisations(user) if sent or operator else Organisation.objects.none(),
        organisation_required=not operator,
        search_organisation=operator,
    )
    # The choices shown, from the rows the page reads anyway (the querysets above still validate a choice):
    # a model choice field asks its queryset again each time it is shown.
    form.fields["template"].choices = [(template.pk, str(template)) for template in _templates(request)]
    if not operator:
        form.fields["organisation"].choices = queries.administered_choices(user)
    return form


def _templates(request) -> list[ExerciseTemplate]:
    """The exercises the person may start, read once for the page (the list and the form's choice)."""
    user = request.user
    return memo(("exercise.usable_templates", user.pk), lambda: queries.usable_template_rows(user))


def _facilitate_page(request, form: StartSessionForm, status: int = 200):
    sessions = queries.recent_sessions(request.user, 50)
    templates = _templates(request)
    return render(
        request,
        "exercise/facilitate.html",
        {"form": form, "sessions": sessions, "templates": templates},
        status=status,
    )


@login_required
def facilitate(request):
    """The facilitator's start page: sessions, exercises (the default and own copies), start a new session."""
    require_perm(request, "exercise.facilitate")
    return _facilitate_page(request, _start_form(request))


@login_required
@require_POST
def start(request):
    require_perm(request, "exercise.facilitate")
    form = _start_form(request, request.POST)
    if not form.is_valid():
        return _facilitate_page(request, form, status=400)
    data = form.cleaned_data
    require_perm(request, "exercise.use_template", data["template"])
    session = services.start_session(
        by=request.user,
        template=data["template"],
        organisation=data["organisation"],
        mode=data["mode"],
        participant_cap=data["participant_cap"] or 0,
    )
    return redirect("exercise:screen", pk=session.pk)


def _screen_context(request, session: ExerciseSession) -> dict:
    scenarios = list(session.scenarios.all())
    current = next((s for s in scenarios if s.position == session.current_index), None)
    join_url = base_url(request) + _participant_path(session.code)
    answer_counts = queries.answer_counts(session)
    revealed = {r.scenario.pk: r for r in queries.results(session) if r.distributions}
    rows = [
        {"scenario": s, "answers": answer_counts.get(s.pk, 0), "result": revealed.get(s.pk)}
        for s in scenarios
    ]
    return {
        "session": session,
        "scenarios": rows,
        "current": current,
        "current_row": rows[session.current_index] if current else None,
        "total": len(scenarios),
        "participants": session.participants.count(),
        "join_url": join_url,
        "join_page": base_url(request) + reverse("exercise:join"),
        # For the projector: the address as it is typed, without "https://".
        "join_page_short": (base_url(request) + reverse("exercise:join")).split("://", 1)[-1],
        "qr": segno.make(join_url, error="m").svg_data_uri(scale=6, border=2),
        "is_last": session.current_index >= len(scenarios) - 1,
        "Phase": Phase,
        "state": services.state_of(session, current if session.mode == "presenter" else None),
        # Redis (shared fan-out, shared rate limits) is down: phones on other server processes miss updates.
        "degraded": broker.degraded() or ratelimit.shared_cache_degraded(),
    }


def _screen_page(request, pk: int, template: str):
    session = _get_session_for_user(request, pk)
    return render(request, template, _screen_context(request, session))


@login_required
def screen(request, pk):
    """The control view: the facilitator's buttons, the state of the room, and a link to the presenter view."""
    return _screen_page(request, pk, "exercise/screen.html")


@login_required
@never_cache
def screen_live(request, pk):
    return _screen_page(request, pk, "exercise/screen.html#live")


@login_required
def presenter(request, pk):
    """The presenter view for the projector: full screen, only the code and QR code, the scenario and the
    results; keyboard shortcuts (and a presentation clicker) drive it."""
    return _screen_page(request, pk, "exercise/presenter.html")


@login_required
@never_cache
def presenter_live(request, pk):
    return _screen_page(request, pk, "exercise/presenter.html#live")


CONTROL_PHASES = {"open": Phase.OPEN, "close": Phase.CLOSED, "reveal": Phase.REVEALED}
# "advance" (a clicker's next button): the next step from where the current scenario is.
ADVANCE = {Phase.PENDING: "open", Phase.OPEN: "close", Phase.CLOSED: "reveal", Phase.REVEALED: "next"}


def _from_script(request) -> bool:
    """The presenter view's keyboard shortcuts post with fetch() and want a status, not a page."""
    return request.headers.get("X-Balanse-Control") == "key"


@login_required
@require_POST
def control(request, pk):
    session = _get_session_for_user(request, pk)
    action = request.POST.get("action", "")
    if action == "end":  # ending is for good: only from the confirmation page
        return redirect("exercise:end", pk=session.pk)
    try:
        if action == "advance":
            if session.mode != "presenter":
                raise ValidationError(_("Unknown action."))
            current = session.scenarios.filter(position=session.current_index).first()
            if current is None:
                raise ValidationError(_("There is no such scenario."))
            action = ADVANCE[current.phase]
            if action == "next" and session.current_index >= session.scenarios.count() - 1:
                raise ValidationError(_("This is the last scenario."))
        if action == "toggle":  # open when closed or not started, close when open
            current = session.scenarios.filter(position=session.current_index).first()
            action = "close" if current is not None and current.phase == Phase.OPEN else "open"
        if action in CONTROL_PHASES:
            scenario = session.scenarios.filter(position=session.current_index).first()
            if scenario is None:
                raise ValidationError(_("There is no such scenario."))
            services.set_phase(
                session=session, scenario=scenario, phase=CONTROL_PHASES[action], by=request.user
            )
        elif action in ("next", "previous"):
            step = 1 if action == "next" else -1
            services.go_to(session=session, index=session.current_index + step, by=request.user)
        elif action == "reveal_all":
            services.reveal_all(session=session, by=request.user)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        if _from_script(request):
            return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
        messages.error(request, " ".join(exc.messages))
    if _from_script(request):
        return HttpResponse(status=204)
    return redirect("exercise:screen", pk=session.pk)


@login_required
def end(request, pk):
    """Ending a session asks first and says what it means: no more answers, and answers unlinked for good."""
    session = _get_session_for_user(request, pk)
    if not session.is_running:
        messages.info(request, _("The session has already ended."))
        return redirect("exercise:summary", pk=session.pk)
    if request.method == "POST":
        try:
            services.end_session(session=session, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("exercise:screen", pk=session.pk)
        messages.success(request, _("The session has ended. The answers can no longer be linked to anyone."))
        return redirect("exercise:summary", pk=session.pk)
    return render(
        request,
        "exercise/end.html",
        {
            "session": session,
            "participants": session.participants.count(),
            "retention_days": settings.EXERCISE_RETENTION_DAYS,
        },
    )


def _screen_stream_session(request, pk) -> ExerciseSession:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return _get_session_for_user(request, pk)


async def screen_stream(request, pk):
    """Server push to the big screen: state changes, joins and votes (no values), for it to refresh."""
    return await stream.session_stream(
        request,
        lambda: _screen_stream_session(request, pk),
        broker.screen_channel,
        refresh_on_reconnect=True,
    )


@login_required
def summary(request, pk):
    session = _get_session_for_user(request, pk)
    return render(request, "exercise/summary.html", {"session": session, "summary": queries.summary(session)})


def _export_filename(session: ExerciseSession, extension: str) -> str:
    return f"ok-eller-ikke-ok-{session.code}-{timezone.localdate().isoformat()}.{extension}"


@login_required
def export_csv(request, pk):
    session = _get_session_for_user(request, pk)
    header, rows = queries.result_table(session)
    return exports.csv_response(
        rows, header=header, filename=_export_filename(session, "csv"), dialect=exports.NORWEGIAN_EXCEL
    )


@login_required
def export_xlsx(request, pk):
    session = _get_session_for_user(request, pk)
    header, rows = queries.result_table(session)
    return exports.xlsx_response(
        rows, header=header, filename=_export_filename(session, "xlsx"), title=_("Results")
    )


@login_required
def export_pdf(request, pk):
    session = _get_session_for_user(request, pk)
    html = render_to_string(
        "exercise/summary_pdf.html",
        {"session": session, "summary": queries.summary(session)},
        request=request,
    )
    pdf = html_to_pdf(html, stylesheets=[SUMMARY_PDF_CSS], base_url=base_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(session, "pdf")}"'
    return response
