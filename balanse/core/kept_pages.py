"""Public pages kept whole for visitors without an account (issue 19).

The registry of valid marks, a mark's public page, a deck of conversation cards, the log-in page and the
public forms when empty are the same for everyone who is not logged in: they change only when a register is
written to (and with the day, the language, the address asked). `kept_public_page` keeps such a page's answer
under the registers' write stamp (`balanse.core.stamps`), so a visitor gets it for one query (the stamp) and a
look in the cache, and the next write to a stamped table shows at once.

What a page holds for one visitor only is never kept:
- a request that carries anything but the CSRF and language cookies (a session: a logged-in person, or an
  anonymous one with messages waiting; the live exercise's participant cookie) or query parameters other
  than the page's own short numbers (a search is answered each time; the cache cannot be filled with made-up
  addresses), or that is not a GET or is an htmx request;
- an answer that is not a plain 200 with content, that sets a cookie, writes the session or queues a message;
- past the moment a page changes with the time of day: the day is in the key, and a view whose page changes
  within the day says when with `stamps.holds_until` (the advice lines' "open now" until a line opens or
  closes, an activity's registration until it is over), and its page is kept until then at most;
- the visitor's CSRF token: the page's forms (the language switch) carry it; it is kept as a placeholder and
  each visitor's own token put in on the way out. An answer that used a token somewhere else is not kept.
"""

import re
from dataclasses import dataclass
from functools import partial, wraps

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse

from balanse.core import stamps

_PLACEHOLDER = b"kept-page-csrf-token-placeholder"
_TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
_NUMBER = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True, slots=True)
class _Page:
    """A kept answer: its status, the headers its view set and its content with the token's placeholder."""

    status: int
    headers: list[tuple[str, str]]
    content: bytes

    def response(self, request) -> HttpResponse:
        content = self.content
        if _PLACEHOLDER in content:
            content = content.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def _visitor_without_account(request, params: frozenset[str]) -> bool:
    if request.method != "GET" or request.headers.get("HX-Request"):
        return False
    if not set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}:
        return False
    for name, values in request.GET.lists():
        if name not in params or len(values) != 1 or not _NUMBER.fullmatch(values[0]):
            return False
    return not request.user.is_authenticated


def _answer(view, request, args, kwargs):
    """The view's answer, as a `_Page` to keep or `stamps.Unkept` (given once, not kept)."""
    token_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    response = view(request, *args, **kwargs)
    if isinstance(response, SimpleTemplateResponse):
        response.render()  # as the handler would (a class-based view's answer)
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    if (
        not isinstance(response, HttpResponse)
        or response.status_code != 200
        or response.cookies
        or (session is not None and session.modified)
        or (messages is not None and getattr(messages, "_queued_messages", None))
    ):
        return stamps.Unkept(response)
    content = response.content
    if _PLACEHOLDER in content:  # someone wrote the placeholder into a register: never put a token there
        return stamps.Unkept(response)
    tokens = set(_TOKEN_FIELD.findall(content))
    if len(tokens) > 1:
        return stamps.Unkept(response)
    if tokens:
        content = content.replace(tokens.pop(), _PLACEHOLDER)
    elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_before:
        return stamps.Unkept(response)  # a token went somewhere this cannot see
    return _Page(response.status_code, list(response.items()), content)


def kept_public_page(view=None, *, params: tuple[str, ...] = ()):
    """Keep the view's page for visitors without an account until a register changes (see the module).
    `params` names the query parameters the page may be kept with (each a number of at most four digits,
    such as the page of a list); any other parameter answers from the view each time."""
    if view is None:
        return partial(kept_public_page, params=params)
    allowed = frozenset(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _visitor_without_account(request, allowed):
            return view(request, *args, **kwargs)
        key = (
            "kept_public_page",
            view.__module__,
            view.__qualname__,
            request.get_host(),
            request.is_secure(),
            request.path,
            tuple(sorted(request.GET.items())),
        )
        answer = stamps.kept(key, partial(_answer, view, request, args, kwargs))
        return answer.response(request) if isinstance(answer, _Page) else answer

    return wrapper
