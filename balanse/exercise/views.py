import asyncio
import json
import weakref
from pathlib import Path

import segno
from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db import connection
from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.core import exports
from balanse.core.numbers import parse_ascii_int
from balanse.core.pdf import html_to_pdf
from balanse.core.rules import is_operator
from balanse.core.views_helpers import base_url, get_object_with_perm, require_perm
from balanse.exercise import broker, dbworkers, queries, services
from balanse.exercise.forms import JoinForm, StartSessionForm, TemplateForm
from balanse.exercise.models import (
    ExerciseSession,
    ExerciseTemplate,
    Mode,
    Participant,
    Phase,
    Scenario,
    SessionState,
    normalise_code,
)
from balanse.organisations.models import Organisation

COOKIE = "balanse_exercise"
SUMMARY_PDF_CSS = Path(__file__).resolve().parent / "static" / "exercise" / "css" / "summary_pdf.css"
KEEPALIVE_SECONDS = 15

# ------------------------------------------------------------------------------------------------ participants


def _participant_path(code: str) -> str:
    return reverse("exercise:participate", args=[code])


def _get_session(code: str) -> ExerciseSession:
    return get_object_or_404(ExerciseSession, code=normalise_code(code))


def _participant_for(request, session: ExerciseSession) -> Participant | None:
    token = request.COOKIES.get(COOKIE)
    if not token:
        return None
    return Participant.objects.filter(session=session, token=token).first()


@require_http_methods(["GET", "POST"])
def join(request):
    """Where a participant types the code."""
    form = JoinForm(request.POST or request.GET or None)
    if (request.method == "POST" or "code" in request.GET) and form.is_valid():
        code = form.cleaned_data["code"]
        if ExerciseSession.objects.filter(code=code, state=SessionState.RUNNING).exists():
            return redirect("exercise:participate", code=code)
        form.add_error("code", _("No running session has this code. Check the code on the big screen."))
    return render(request, "exercise/join.html", {"form": form})


def _participant_context(request, session: ExerciseSession, participant: Participant | None) -> dict:
    scenarios = list(session.scenarios.all())
    scenario = None
    if session.mode == Mode.PRESENTER:
        scenario = next((s for s in scenarios if s.position == session.current_index), None)
    else:
        index = parse_ascii_int(request.GET.get("s", "0")) or 0
        index = max(0, min(index, len(scenarios) - 1))
        scenario = scenarios[index] if scenarios else None
    answers = services.answers_of(participant, scenario) if participant and scenario else {}
    relations = [
        {"index": i, "label": label, "value": answers.get(i)} for i, label in enumerate(session.relations)
    ]
    return {
        "session": session,
        "participant": participant,
        "scenario": scenario,
        "total": len(scenarios),
        "relations": relations,
        "scale": range(1, 11),
        "can_vote": bool(participant and scenario and services.can_vote(session, scenario)),
        "state": services.state_of(session, scenario if session.mode == Mode.PRESENTER else None),
        "answered_all": bool(answers) and len(answers) == len(session.relations),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def participate(request, code):
    """The participant's phone: join (POST, no name), then the current scenario with their answers."""
    session = _get_session(code)
    participant = _participant_for(request, session)
    if request.method == "POST" and participant is None:
        try:
            participant = services.join(session=session)
        except services.RateLimited:
            messages.error(request, _("Many people are joining right now. Wait a few seconds and try again."))
            return redirect("exercise:participate", code=session.code)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("exercise:participate", code=session.code)
        response = redirect("exercise:participate", code=session.code)
        response.set_cookie(
            COOKIE,
            participant.token,
            max_age=60 * 60 * 24,
            path=_participant_path(session.code),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    if request.method == "POST":
        return redirect("exercise:participate", code=session.code)
    context = _participant_context(request, session, participant)
    return render(request, "exercise/participate.html", context)


@never_cache
@require_GET
def participant_live(request, code):
    """The live part of the participant page, fetched by the script when the state changes."""
    session = _get_session(code)
    participant = _participant_for(request, session)
    context = _participant_context(request, session, participant)
    return render(request, "exercise/participate.html#live", context)


def _vote_in_db(code: str, token: str | None, post) -> dict:
    """The database part of a vote: one SELECT (participant, session and scenario together), then the upsert.
    Returns what the view needs to answer; raises Http404 for an unknown session."""
    scenario_pk = parse_ascii_int(post.get("scenario", ""), low=1)
    participant = scenario = None
    if token and scenario_pk is not None:
        scenario = next(
            iter(
                Scenario.objects.select_related("session")
                .filter(pk=scenario_pk, session__code=code, session__participants__token=token)
                .annotate(participant_pk=F("session__participants__pk"))[:1]
            ),
            None,
        )
        if scenario is not None:
            participant = Participant(pk=scenario.participant_pk, session=scenario.session, token=token)
    if participant is None and token:  # an unknown scenario or participant: look them up one by one
        participant = (
            Participant.objects.select_related("session").filter(token=token, session__code=code).first()
        )
        scenario = (
            Scenario.objects.filter(pk=scenario_pk, session=participant.session).first()
            if participant is not None and scenario_pk is not None
            else None
        )
    if participant is None:
        session = _get_session(code)
        return {"joined": False, "code": session.code}
    session = participant.session
    values = {}
    for i in range(len(session.relations)):
        raw = post.get(f"relation-{i}", "")
        if raw:
            # ASCII 1–10 only: "²" or "٣" is refused (0 is out of range), never read as another number.
            values[i] = parse_ascii_int(raw, low=1, high=10) or 0
    outcome = {"joined": True, "code": session.code, "status": 200, "next": None}
    try:
        if scenario is None:
            raise ValidationError(_("This scenario does not exist."))
        if not values:
            raise ValidationError(_("Choose a number from 1 to 10 for at least one of them."))
        services.cast_votes(participant=participant, scenario=scenario, values=values)
        outcome["message"] = _("Your answer is saved. You can change it until voting closes.")
    except services.RateLimited:
        outcome["message"] = _("Too many answers in a short time. Wait a moment and try again.")
        outcome["status"] = 429
    except ValidationError as exc:
        outcome["message"], outcome["status"] = " ".join(exc.messages), 400
    if session.mode == Mode.SELF and scenario is not None:
        ok = outcome["status"] == 200
        outcome["next"] = scenario.position + (
            1 if ok and scenario.position + 1 < session.scenarios.count() else 0
        )
    return outcome


@require_POST
def vote(request, code):
    code = normalise_code(code)
    token = request.COOKIES.get(COOKIE)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if isinstance(request, ASGIRequest):
        # Under ASGI this request's thread is new and would open a database connection of its own.
        outcome = dbworkers.run(_vote_in_db, code, token, request.POST)
    else:
        outcome = _vote_in_db(code, token, request.POST)
    if not outcome["joined"]:
        message = _("Join the session first.")
        if wants_json:
            return HttpResponse(
                json.dumps({"ok": False, "message": message}), status=403, content_type="application/json"
            )
        messages.error(request, message)
        return redirect("exercise:participate", code=outcome["code"])
    ok, message, status = outcome["status"] == 200, outcome["message"], outcome["status"]
    if wants_json:
        return HttpResponse(
            json.dumps({"ok": ok, "message": message}), status=status, content_type="application/json"
        )
    (messages.success if ok else messages.error)(request, message)
    url = _participant_path(outcome["code"])
    if outcome["next"] is not None:
        url += f"?s={outcome['next']}"
    return redirect(url)


def _sse(data: dict | str) -> str:
    payload = data if isinstance(data, str) else json.dumps(data)
    return f"data: {payload}\n\n"


RETRY_FRAME = b"retry: 1000\n\n"
KEEPALIVE_FRAME = b": keep-alive\n\n"


async def _event_stream(channel: str, first: str):
    queue = broker.subscribe(channel)
    try:
        yield RETRY_FRAME
        yield broker.sse_frame(first)
        while True:
            try:
                frame = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield KEEPALIVE_FRAME
                continue
            yield frame  # already encoded once for every subscriber
    finally:
        broker.unsubscribe(channel, queue)


def _release_connection(request) -> None:
    """A push stream stays open for hours; Django would only close this thread's database connection when the
    response ends (request_finished), so thousands of open streams would hold thousands of connections. The
    stream itself never touches the database: close the connection now."""
    if isinstance(request, ASGIRequest):
        connection.close()


def _stream_response(request, channel: str, first: dict):
    if not isinstance(request, ASGIRequest):
        # Under WSGI (the test server, a plain WSGI deployment) a response cannot wait for events without
        # holding a worker: send the current state and let the browser reconnect in one second.
        return HttpResponse("retry: 1000\n\n" + _sse(first), content_type="text/event-stream")
    response = StreamingHttpResponse(
        _event_stream(channel, json.dumps(first)), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


@sync_to_async
def _participant_stream_state(request, code):
    session = ExerciseSession.objects.filter(code=normalise_code(code)).first()
    if session is None:
        raise Http404
    if _participant_for(request, session) is None and session.is_running:
        raise PermissionDenied
    state = services.state_of(session)
    _release_connection(request)
    return session.pk, state


_gates: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)
STREAM_DB_CONCURRENCY = 8


def _gate() -> asyncio.Semaphore:
    """Limits how many push connections look up their first state at once. Django runs each request's sync
    code in its own thread with its own database connection, so 5,000 phones reconnecting together would
    otherwise open 5,000 database connections at the same moment."""
    loop = asyncio.get_running_loop()
    if loop not in _gates:
        _gates[loop] = asyncio.Semaphore(STREAM_DB_CONCURRENCY)
    return _gates[loop]


async def participant_stream(request, code):
    """Server push to the phones (SSE). The first event is the full state, so a reconnect resynchronises."""
    async with _gate():
        session_pk, state = await _participant_stream_state(request, code)
    return _stream_response(request, broker.participants_channel(session_pk), state)


# ------------------------------------------------------------------------------------------------ facilitators


def _session_for(request, pk: int) -> ExerciseSession:
    return get_object_with_perm(request, ExerciseSession, "exercise.run_session", pk=pk)


def _admin_organisations(user):
    if is_operator(user):
        return Organisation.objects.all()
    return Organisation.objects.administered_by(user)


def _usable_templates(user):
    templates = ExerciseTemplate.objects.all()
    if is_operator(user):
        return templates
    return templates.filter(is_default=True) | templates.filter(organisation__in=_admin_organisations(user))


@login_required
def facilitate(request):
    """The facilitator's start page: sessions, exercises (the default and own copies), start a new session."""
    require_perm(request, "exercise.facilitate")
    organisations = _admin_organisations(request.user)
    form = StartSessionForm(
        templates=_usable_templates(request.user),
        organisations=organisations,
        organisation_required=not is_operator(request.user),
    )
    sessions = ExerciseSession.objects.for_user(request.user).select_related("organisation")[:50]
    templates = _usable_templates(request.user).select_related("organisation")
    return render(
        request, "exercise/facilitate.html", {"form": form, "sessions": sessions, "templates": templates}
    )


@login_required
@require_POST
def start(request):
    require_perm(request, "exercise.facilitate")
    form = StartSessionForm(
        request.POST,
        templates=_usable_templates(request.user),
        organisations=_admin_organisations(request.user),
        organisation_required=not is_operator(request.user),
    )
    if not form.is_valid():
        sessions = ExerciseSession.objects.for_user(request.user).select_related("organisation")[:50]
        templates = _usable_templates(request.user).select_related("organisation")
        return render(
            request,
            "exercise/facilitate.html",
            {"form": form, "sessions": sessions, "templates": templates},
            status=400,
        )
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
        "qr": segno.make(join_url, error="m").svg_data_uri(scale=6, border=2),
        "is_last": session.current_index >= len(scenarios) - 1,
        "Phase": Phase,
    }


@login_required
def screen(request, pk):
    """The big screen: code, QR code, the current scenario, the controls and (once revealed) the results."""
    session = _session_for(request, pk)
    return render(request, "exercise/screen.html", _screen_context(request, session))


@login_required
@never_cache
def screen_live(request, pk):
    session = _session_for(request, pk)
    return render(request, "exercise/screen.html#live", _screen_context(request, session))


CONTROL_PHASES = {"open": Phase.OPEN, "close": Phase.CLOSED, "reveal": Phase.REVEALED}


@login_required
@require_POST
def control(request, pk):
    session = _session_for(request, pk)
    action = request.POST.get("action", "")
    try:
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
        elif action == "end":
            services.end_session(session=session, by=request.user)
            messages.success(
                request, _("The session has ended. The answers can no longer be linked to anyone.")
            )
            return redirect("exercise:summary", pk=session.pk)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exercise:screen", pk=session.pk)


@sync_to_async
def _screen_stream_state(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    session = get_object_with_perm(request, ExerciseSession, "exercise.run_session", pk=pk)
    state = services.state_of(session)
    _release_connection(request)
    return session.pk, state


async def screen_stream(request, pk):
    """Server push to the big screen: state changes, joins and votes (no values), for it to refresh."""
    async with _gate():
        session_pk, state = await _screen_stream_state(request, pk)
    return _stream_response(request, broker.screen_channel(session_pk), state)


@login_required
def summary(request, pk):
    session = _session_for(request, pk)
    return render(request, "exercise/summary.html", {"session": session, "results": queries.summary(session)})


@login_required
def export_csv(request, pk):
    session = _session_for(request, pk)
    header, rows = queries.result_table(session)
    stamp = timezone.localdate().isoformat()
    return exports.csv_response(rows, header=header, filename=f"ok-eller-ikke-ok-{session.code}-{stamp}.csv")


@login_required
def export_pdf(request, pk):
    session = _session_for(request, pk)
    html = render_to_string(
        "exercise/summary_pdf.html",
        {"session": session, "results": queries.summary(session)},
        request=request,
    )
    pdf = html_to_pdf(html, stylesheets=[SUMMARY_PDF_CSS], base_url=base_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ok-eller-ikke-ok-{session.code}-{stamp}.pdf"'
    return response


# ------------------------------------------------------------------------------------------------ templates


def _template_form_kwargs(request):
    return {
        "organisations": _admin_organisations(request.user),
        "organisation_required": not is_operator(request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    """A new own copy, prefilled from the exercise in ?fra= (the default one unless another is given)."""
    require_perm(request, "exercise.facilitate")
    source = None
    source_pk = parse_ascii_int(request.GET.get("fra", ""), low=1)
    if source_pk is not None:
        source = get_object_with_perm(request, ExerciseTemplate, "exercise.use_template", pk=source_pk)
    source = source or services.default_template()
    initial = TemplateForm.initial_from(source) if source else {}
    if source:
        initial["title"] = _("%(title)s (copy)") % {"title": source.title}
        initial["organisation"] = None
    form = TemplateForm(request.POST or None, initial=initial, **_template_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = services.save_template(
            by=request.user, template=None, organisation=data.get("organisation"), data=data
        )
        messages.success(request, _("The exercise “%(title)s” was saved.") % {"title": template.title})
        return redirect("exercise:facilitate")
    return render(request, "exercise/template_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = get_object_with_perm(request, ExerciseTemplate, "exercise.change_template", pk=pk)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_from(template), organisations=None)
    if request.method == "POST" and form.is_valid():
        services.save_template(
            by=request.user, template=template, organisation=template.organisation, data=form.cleaned_data
        )
        messages.success(request, _("The exercise “%(title)s” was saved.") % {"title": template.title})
        return redirect("exercise:facilitate")
    return render(request, "exercise/template_form.html", {"form": form, "template": template})
