"""Using a deck, for anyone without an account: the list of decks, the full-screen view with its shuffle
and draw, and the printable PDF."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from balanse.cards import services
from balanse.cards.forms import TopicFilterForm
from balanse.cards.models import Deck, Topic
from balanse.cards.pdf import deck_pdf_bytes
from balanse.core.kept_pages import kept_public_page
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import get_object_with_perm


def _int_param(request, name: str) -> int | None:
    return parse_ascii_int(request.GET.get(name, ""), low=1, high=services.SEED_MAX * 1000)


def _deck_url(deck: Deck, *, topic: str = "", seed: int | None = None, number: int | None = None) -> str:
    params = {}
    if topic:
        params["tema"] = topic
    if seed:
        params["stokk"] = seed
    if number:
        params["kort"] = number
    url = reverse("cards:deck", kwargs={"slug": deck.slug})
    return f"{url}?{urlencode(params)}" if params else url


def _get_deck_for_user(request, slug: str) -> Deck:
    return get_object_with_perm(request, Deck, "cards.use_deck", slug=slug)


def _topic(request) -> tuple[TopicFilterForm, str]:
    form = TopicFilterForm(request.GET or None)
    topic = form.cleaned_data["tema"] if form.is_valid() else ""
    return form, topic


@require_GET
@kept_public_page
def deck_list(request):
    decks = Deck.objects.published().annotate(card_count=Count("cards"))
    return render(request, "cards/deck_list.html", {"decks": decks})


@require_GET
@kept_public_page
def deck_view(request, slug: str):
    """The full-screen view for a group. The order is a seeded shuffle in the URL, so links work
    without JavaScript, can be shared, and survive a reload."""
    deck = _get_deck_for_user(request, slug)
    form, topic = _topic(request)
    seed = _int_param(request, "stokk")
    draw = services.view_state(deck=deck, topic=topic, seed=seed, number=_int_param(request, "kort"))
    context = {
        "deck": deck,
        "form": form,
        "topic": topic,
        "topic_label": Topic(topic).label if topic else "",
        "seed": seed,
        "draw": draw,
        "previous_url": _deck_url(deck, topic=topic, seed=seed, number=draw.number - 1)
        if draw.has_previous
        else "",
        "next_url": _deck_url(deck, topic=topic, seed=seed, number=draw.number + 1) if draw.has_next else "",
        "shuffle_url": reverse("cards:shuffle", kwargs={"slug": deck.slug})
        + (f"?{urlencode({'tema': topic})}" if topic else ""),
        "draw_url": reverse("cards:draw", kwargs={"slug": deck.slug})
        + "?"
        + urlencode(
            {k: v for k, v in {"tema": topic, "stokk": seed or "", "kort": draw.number}.items() if v}
        ),
        "first_url_unshuffled": _deck_url(deck, topic=topic),
        "can_manage": request.user.has_perm("cards.manage_decks"),
    }
    return render(request, "cards/deck_view.html", context)


@require_GET
def deck_shuffle(request, slug: str):
    deck = _get_deck_for_user(request, slug)
    _form, topic = _topic(request)
    return redirect(_deck_url(deck, topic=topic, seed=services.new_seed(), number=1))


@require_GET
def deck_draw(request, slug: str):
    """Draw a card: jump to a random other card in the current order."""
    deck = _get_deck_for_user(request, slug)
    _form, topic = _topic(request)
    seed = _int_param(request, "stokk")
    draw = services.view_state(deck=deck, topic=topic, seed=seed, number=_int_param(request, "kort"))
    number = services.random_number(total=draw.total, current=draw.number)
    return redirect(_deck_url(deck, topic=topic, seed=seed, number=number))


@require_GET
def deck_pdf(request, slug: str):
    deck = _get_deck_for_user(request, slug)
    _form, topic = _topic(request)
    pdf = deck_pdf_bytes(deck=deck, topic=topic, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{deck.slug}.pdf"'
    return response
