"""Public pages kept whole for visitors without an account (balanse.core.kept_pages): kept until a register
changes, each visitor with a CSRF token of their own, and never for a logged-in person, a visitor with a
session or messages, a search, or an answer that sets a cookie."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import INFO, get_messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from balanse.cards.models import Deck
from balanse.core import kept_pages
from tests.cards.factories import DeckFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def deck():
    return DeckFactory(title="Samtalekort for øvingen", cards=3, published=True)


def _get(client, url, **extra):
    """The answer and how many queries it took besides reading the write stamp (none when it was kept)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, sum("core_writestamp" not in query["sql"] for query in captured.captured_queries)


def test_a_public_page_is_kept_until_a_register_changes(deck):
    visitor = Client()
    first, _ = _get(visitor, "/samtalekort/")
    again, queries = _get(visitor, "/samtalekort/")
    assert again.status_code == 200 and queries == 0  # only the write stamp
    assert "Samtalekort for øvingen" in again.content.decode()
    assert first.content.decode().replace(
        TOKEN.search(first.content.decode())[1], ""
    ) == again.content.decode().replace(TOKEN.search(again.content.decode())[1], "")
    Deck.objects.filter(pk=deck.pk).update(title="Nytt navn på kortene")  # any write, even a bulk one
    changed, queries = _get(visitor, "/samtalekort/")
    assert "Nytt navn på kortene" in changed.content.decode() and queries > 0


def test_every_visitor_gets_a_token_of_their_own_that_works(deck):
    pages = {}
    for name in ("first", "second"):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(f"/samtalekort/{deck.slug}/").content.decode()
        token = TOKEN.search(page)[1]
        assert set(TOKEN.findall(page)) == {token}  # every form on the page carries the visitor's token
        assert kept_pages._PLACEHOLDER.decode() not in page
        switched = visitor.post(
            "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302  # the token is the visitor's own: the language switch works
        pages[name] = (visitor.cookies["csrftoken"].value, token)
    assert pages["first"][0] != pages["second"][0]
    # One visitor's token does not work for another: each page was given its reader's.
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/samtalekort/")
    refused = stranger.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": pages["first"][1]}
    )
    assert refused.status_code == 403


def test_each_language_is_kept_apart(deck):
    norwegian, english = Client(), Client()
    english.cookies["balanse_language"] = "en"
    for _ in range(2):
        assert 'lang="nb"' in norwegian.get("/samtalekort/").content.decode()[:200]
        assert 'lang="en"' in english.get("/samtalekort/").content.decode()[:200]


def test_a_logged_in_person_never_gets_the_kept_page(deck):
    Client().get("/samtalekort/")  # kept for visitors
    person = Client()
    person.force_login(UserFactory())
    page = person.get("/samtalekort/").content.decode()
    assert "Logg ut" in page and "Logg inn</a>" not in page


def test_a_visitor_with_messages_waiting_or_a_session_gets_the_page_made_for_them(deck):
    Client().get("/samtalekort/")
    visitor = Client()
    visitor.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(
        [Message(INFO, "Du er logget ut.")]
    )
    assert "Du er logget ut." in visitor.get("/samtalekort/").content.decode()
    session = SessionStore()
    session.create()
    with_session = Client()
    with_session.cookies["sessionid"] = session.session_key
    _, queries = _get(with_session, "/samtalekort/")
    assert queries > 0


@pytest.fixture
def kept_answers(monkeypatch):
    """How many answers were given from a kept page (the first visit that keeps it counts too)."""
    given = []
    answer = kept_pages._Page.response
    monkeypatch.setattr(
        kept_pages._Page, "response", lambda page, request: given.append(1) or answer(page, request)
    )
    return given


@pytest.mark.parametrize(
    "query, kept",
    [("", True), ("?side=2", True), ("?side=abc", False), ("?q=teater", False), ("?side=1&side=2", False)],
)
def test_only_the_pages_own_numbers_are_kept(query, kept, kept_answers):
    visitor = Client()
    for _ in range(2):
        assert visitor.get(f"/merket/{query}").status_code == 200
    assert len(kept_answers) == (2 if kept else 0)


def test_an_htmx_request_is_answered_each_time(deck, kept_answers):
    Client().get("/samtalekort/")
    del kept_answers[:]
    Client().get("/samtalekort/", HTTP_HX_REQUEST="true")
    assert kept_answers == []


def test_a_page_that_holds_the_placeholder_is_not_kept():
    DeckFactory(title=f"Kort {kept_pages._PLACEHOLDER.decode()}", cards=1, published=True)
    visitor = Client()
    for _ in range(2):
        response, queries = _get(visitor, "/samtalekort/")
        page = response.content.decode()
        assert kept_pages._PLACEHOLDER.decode() in page  # shown as written, no token put in its place
        assert queries > 0


def _request(**cookies):
    request = RequestFactory().get("/side/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.COOKIES.update(cookies)
    return request


class Counting:
    def __init__(self, answer):
        self.answer, self.calls = answer, 0
        self.__name__ = self.__qualname__ = "counting_view"

    def __call__(self, request):
        self.calls += 1
        return self.answer(request)


def _page(request):
    return HttpResponse(
        f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
    )


def _with_cookie(request):
    response = _page(request)
    response.set_cookie("seen", "1")
    return response


def _with_session(request):
    request.session["seen"] = True
    return _page(request)


def _not_found(request):
    return HttpResponse("Fant ikke", status=404)


def _token_elsewhere(request):
    return JsonResponse({"token": get_token(request)})


@pytest.mark.parametrize(
    "answer, kept",
    [
        (_page, True),
        (_with_cookie, False),
        (_with_session, False),
        (_not_found, False),
        (_token_elsewhere, False),
    ],
    ids=["plain page", "sets a cookie", "writes the session", "not found", "a token outside a form"],
)
def test_only_an_answer_the_same_for_everyone_is_kept(answer, kept):
    DeckFactory()  # a stamp to keep under
    view = Counting(answer)
    wrapped = kept_pages.kept_public_page(view)
    first, second = wrapped(_request()), wrapped(_request())
    assert view.calls == (1 if kept else 2)
    assert first.status_code == second.status_code
    if kept:
        assert TOKEN.search(first.content.decode())[1] != TOKEN.search(second.content.decode())[1]


def test_cookies_other_than_the_token_and_the_language_are_answered_each_time():
    DeckFactory()
    view = Counting(_page)
    wrapped = kept_pages.kept_public_page(view)
    wrapped(_request(csrftoken="x" * 32, balanse_language="en"))
    wrapped(_request(csrftoken="x" * 32))
    assert view.calls == 1
    wrapped(_request(balanse_exercise="deltaker"))
    assert view.calls == 2


def test_messages_queued_while_making_the_page_are_not_kept():
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    DeckFactory()

    def with_message(request):
        messages.info(request, "Takk!")
        return _page(request)

    view = Counting(with_message)
    wrapped = kept_pages.kept_public_page(view)
    for _ in range(2):
        request = _request()
        request._messages = FallbackStorage(request)
        wrapped(request)
        assert [str(m) for m in get_messages(request)] == ["Takk!"]
    assert view.calls == 2


PUBLIC_PAGES = [
    "/",
    "/personvern/",
    "/konto/login/",
    "/konto/password/reset/",
    "/merket/",
    "/merket/ta-kontakt/",
    "/merket/kontroller/",
    "/samtalekort/",
    "/kalender/",
    "/bli-medlem/",
    "/bli-medlem/takk/",
    "/stottemedlem/",
    "/stottemedlem/sendt/",
    "/ovelse/",
    "/arsrapport/",
    "/sok-rad/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_public_pages_are_kept_for_visitors_and_made_for_a_logged_in_person(url, kept_answers):
    DeckFactory()  # a stamp to keep under
    visitor = Client()
    first = visitor.get(url)
    second = visitor.get(url)
    assert first.status_code == second.status_code == 200
    assert len(kept_answers) == 2
    person = Client()
    person.force_login(UserFactory())
    assert person.get(url).status_code in (200, 302)  # the log-in page sends a logged-in person on
    assert len(kept_answers) == 2
