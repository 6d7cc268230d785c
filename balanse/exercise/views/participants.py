"""The participant's phone: join by code, the current scenario, the vote, and the push stream."""

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.core.kept_pages import kept_public_page
from balanse.core.numbers import parse_ascii_int
from balanse.exercise import broker, services
from balanse.exercise.forms import JoinForm
from balanse.exercise.groupcommit import GroupCommit
from balanse.exercise.models import ExerciseSession, Mode, Participant, SessionState, normalise_code
from balanse.exercise.views import stream

COOKIE = "balanse_exercise"
MAX_RELATIONS = 20  # form fields relation-0 … relation-19 are read; the session says how many count

# Votes and joins are written in batches (see groupcommit.py): one transaction for all that arrive together.
VOTES = GroupCommit(
    services.record_votes, name="exercise-votes", max_batch=lambda: settings.EXERCISE_VOTE_BATCH_MAX
)
JOINS = GroupCommit(
    services.join_many, name="exercise-joins", max_batch=lambda: settings.EXERCISE_VOTE_BATCH_MAX
)


def _participant_path(code: str) -> str:
    return reverse("exercise:participate", args=[code])


def _get_session_by_code(code: str) -> ExerciseSession:
    return get_object_or_404(ExerciseSession, code=normalise_code(code))


def _participant_for(request, session: ExerciseSession) -> Participant | None:
    token = request.COOKIES.get(COOKIE)
    if not token:
        return None
    return Participant.objects.filter(session=session, token=token).first()


@require_http_methods(["GET", "POST"])
@kept_public_page
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


def _participant_page(request, code):
    session = _get_session_by_code(code)
    participant = _participant_for(request, session)
    return render(request, "exercise/participate.html", _participant_context(request, session, participant))


@never_cache
@require_http_methods(["GET", "POST"])
async def participate(request, code):
    """The participant's phone: join (POST, no name), then the current scenario with their answers.
    Joins are written in batches like votes (a festival hall joins within the same half-minute)."""
    if request.method == "GET":
        return await sync_to_async(_participant_page)(request, code)
    join_request = services.JoinRequest(code=normalise_code(code), token=request.COOKIES.get(COOKIE, ""))
    if isinstance(request, ASGIRequest):
        outcome = await JOINS.submit(join_request)
    else:  # WSGI: in the request's own thread and transaction
        (outcome,) = await sync_to_async(services.join_many)([join_request])
    if outcome.status == 404:
        raise Http404
    if outcome.message:
        messages.error(request, str(outcome.message))
    response = redirect("exercise:participate", code=outcome.code)
    if outcome.token:
        response.set_cookie(
            COOKIE,
            outcome.token,
            max_age=60 * 60 * 24,
            path=_participant_path(outcome.code),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@never_cache
@require_GET
def participant_live(request, code):
    """The live part of the participant page, fetched (by htmx) when the state changes."""
    session = _get_session_by_code(code)
    participant = _participant_for(request, session)
    context = _participant_context(request, session, participant)
    return render(request, "exercise/participate.html#live", context)


def _vote_request(code: str, request) -> services.VoteRequest:
    post = request.POST
    raw_scenario = post.get("scenario", "")
    values = {}
    for i in range(MAX_RELATIONS):
        raw = post.get(f"relation-{i}", "")
        if raw:
            # ASCII 1–10 only: "²" or "٣" is refused (0 is out of range), never read as another number.
            values[i] = parse_ascii_int(raw, low=1, high=10) or 0
    return services.VoteRequest(
        code=code,
        token=request.COOKIES.get(COOKIE, ""),
        scenario=parse_ascii_int(raw_scenario, low=1),
        values=values,
    )


@require_POST
async def vote(request, code):
    """One phone's answers. Async: under ASGI the vote waits in the event loop for its batch to commit (no
    thread and no database connection of its own); answered as JSON, as an htmx fragment or by a redirect."""
    vote_request = _vote_request(normalise_code(code), request)
    if isinstance(request, ASGIRequest):
        outcome = await VOTES.submit(vote_request)
    else:  # WSGI (the test client, a WSGI server): in the request's own thread and transaction
        (outcome,) = await sync_to_async(services.record_votes)([vote_request])
    if outcome.status == 404:
        raise Http404
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    is_htmx = request.headers.get("HX-Request") == "true"
    message = str(outcome.message) if outcome.status != 403 else _("Join the session first.")
    ok = outcome.status == 200
    if wants_json:
        return JsonResponse({"ok": ok, "message": message}, status=outcome.status)
    if is_htmx:
        response = HttpResponse(escape(message), status=outcome.status)
        if not ok:  # closed, ended, or not joined any more: show the phone what is going on now
            response["HX-Trigger"] = "exercise-refresh"
        return response
    (messages.success if ok else messages.error)(request, message)
    url = _participant_path(outcome.code)
    if outcome.next is not None:
        url += f"?s={outcome.next}"
    return redirect(url)


def _participant_stream_session(request, code) -> ExerciseSession:
    session = _get_session_by_code(code)
    if _participant_for(request, session) is None and session.is_running:
        raise PermissionDenied
    return session


async def participant_stream(request, code):
    """Server push to the phones (SSE). The first event is the full state, so a reconnect resynchronises."""
    return await stream.session_stream(
        request, lambda: _participant_stream_session(request, code), broker.participants_channel
    )
