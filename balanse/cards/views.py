from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.cards import services
from balanse.cards.forms import CardForm, DeckForm, TopicFilterForm
from balanse.cards.models import Card, Deck, Topic
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import get_object_with_perm, require_perm

# ---------------------------------------------------------------- using a deck (anyone, no account)


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


def _usable_deck(request, slug: str) -> Deck:
    return get_object_with_perm(request, Deck, "cards.use_deck", slug=slug)


def _topic(request) -> tuple[TopicFilterForm, str]:
    form = TopicFilterForm(request.GET or None)
    topic = form.cleaned_data["tema"] if form.is_valid() else ""
    return form, topic


@require_GET
def deck_list(request):
    decks = Deck.objects.published().annotate(card_count=Count("cards"))
    return render(request, "cards/deck_list.html", {"decks": decks})


@require_GET
def deck_view(request, slug: str):
    """The full-screen view for a group. The order is a seeded shuffle in the URL, so links work
    without JavaScript, can be shared, and survive a reload."""
    deck = _usable_deck(request, slug)
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
    deck = _usable_deck(request, slug)
    _form, topic = _topic(request)
    return redirect(_deck_url(deck, topic=topic, seed=services.new_seed(), number=1))


@require_GET
def deck_draw(request, slug: str):
    """Draw a card: jump to a random other card in the current order."""
    deck = _usable_deck(request, slug)
    _form, topic = _topic(request)
    seed = _int_param(request, "stokk")
    draw = services.view_state(deck=deck, topic=topic, seed=seed, number=_int_param(request, "kort"))
    number = services.random_number(total=draw.total, current=draw.number)
    return redirect(_deck_url(deck, topic=topic, seed=seed, number=number))


@require_GET
def deck_pdf(request, slug: str):
    from balanse.cards.pdf import deck_pdf_bytes

    deck = _usable_deck(request, slug)
    _form, topic = _topic(request)
    pdf = deck_pdf_bytes(deck=deck, topic=topic, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{deck.slug}.pdf"'
    return response


# ---------------------------------------------------------------- editing (the operator)


def _managed_deck(request, pk: int) -> Deck:
    return get_object_with_perm(request, Deck, "cards.manage_decks", pk=pk)


def _managed_card(request, deck: Deck, card_pk: int) -> Card | None:
    return deck.cards.filter(pk=card_pk).first()


@login_required
@require_GET
def manage_list(request):
    require_perm(request, "cards.manage_decks")
    decks = Deck.objects.annotate(card_count=Count("cards"))
    return render(request, "cards/manage_list.html", {"decks": decks})


@login_required
@require_http_methods(["GET", "POST"])
def manage_deck_create(request):
    require_perm(request, "cards.manage_decks")
    form = DeckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deck = services.create_deck(
            by=request.user, title=form.cleaned_data["title"], description=form.cleaned_data["description"]
        )
        messages.success(
            request, _("The deck “%(title)s” was created. Add cards to it.") % {"title": deck.title}
        )
        return redirect("cards:manage_deck", pk=deck.pk)
    return render(request, "cards/manage_deck_form.html", {"form": form, "deck": None})


@login_required
@require_http_methods(["GET", "POST"])
def manage_deck(request, pk: int):
    """A deck's editing page: its title and description, its cards in order, and a form for a new card."""
    deck = _managed_deck(request, pk)
    form = DeckForm(request.POST or None, instance=deck, initial={"version": deck.version})
    if request.method == "POST" and form.is_valid():
        deck.refresh_from_db()
        try:
            services.update_deck(
                deck=deck,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("cards:manage_deck", pk=deck.pk)
    return render(
        request,
        "cards/manage_deck.html",
        {"deck": deck, "form": form, "cards": deck.cards.all()},
    )


@login_required
@require_POST
def manage_deck_publish(request, pk: int):
    deck = _managed_deck(request, pk)
    publish = request.POST.get("action") == "publish"
    try:
        services.set_published(deck=deck, by=request.user, published=publish)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if publish:
            messages.success(request, _("The deck is published: anyone with the link can use it."))
        else:
            messages.success(request, _("The deck is no longer published."))
    return redirect("cards:manage_deck", pk=deck.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_deck_delete(request, pk: int):
    deck = _managed_deck(request, pk)
    if request.method == "POST":
        title = deck.title
        services.delete_deck(deck=deck, by=request.user)
        messages.success(request, _("The deck “%(title)s” was deleted.") % {"title": title})
        return redirect("cards:manage_list")
    return render(request, "cards/manage_confirm_delete.html", {"deck": deck, "card": None})


@login_required
@require_http_methods(["GET", "POST"])
def manage_card(request, pk: int, card_pk: int | None = None):
    """Add a card to a deck (no card_pk) or edit one."""
    deck = _managed_deck(request, pk)
    card = None
    if card_pk is not None:
        card = _managed_card(request, deck, card_pk)
        if card is None:
            messages.error(request, _("That card no longer exists. It may have been deleted."))
            return redirect("cards:manage_deck", pk=deck.pk)
    initial = (
        {"text": card.text, "topic": card.topic, "kind": card.kind, "version": card.version} if card else {}
    )
    form = CardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if card is None:
                services.add_card(
                    deck=deck, by=request.user, text=data["text"], topic=data["topic"], kind=data["kind"]
                )
            else:
                services.update_card(
                    card=card,
                    by=request.user,
                    text=data["text"],
                    topic=data["topic"],
                    kind=data["kind"],
                    expected_version=data["version"],
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, exc)
            if card is not None:
                card.refresh_from_db()
        else:
            messages.success(request, _("The card was saved."))
            return redirect(f"{reverse('cards:manage_deck', kwargs={'pk': deck.pk})}#cards")
    return render(request, "cards/manage_card_form.html", {"deck": deck, "card": card, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manage_card_delete(request, pk: int, card_pk: int):
    deck = _managed_deck(request, pk)
    card = _managed_card(request, deck, card_pk)
    if card is None:
        messages.error(request, _("That card no longer exists. It may have been deleted."))
        return redirect("cards:manage_deck", pk=deck.pk)
    if request.method == "POST":
        services.delete_card(card=card, by=request.user)
        messages.success(request, _("The card was deleted."))
        return redirect(f"{reverse('cards:manage_deck', kwargs={'pk': deck.pk})}#cards")
    return render(request, "cards/manage_confirm_delete.html", {"deck": deck, "card": card})


@login_required
@require_POST
def manage_card_move(request, pk: int, card_pk: int):
    deck = _managed_deck(request, pk)
    card = _managed_card(request, deck, card_pk)
    direction = request.POST.get("direction")
    if card is None:
        messages.error(request, _("That card no longer exists. It may have been deleted."))
    elif direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the card up or down."))
    elif not services.move_card(card=card, by=request.user, direction=direction):
        messages.info(request, _("The card is already at that end of the deck."))
    else:
        messages.success(request, _("The card was moved."))
    return redirect(f"{reverse('cards:manage_deck', kwargs={'pk': deck.pk})}#card-{card_pk}")
