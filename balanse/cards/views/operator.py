"""The operator's editing of conversation cards (/drift/samtalekort/): decks, their cards and their order,
and publishing a deck."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balanse.cards import services
from balanse.cards.forms import CardForm, DeckForm
from balanse.cards.models import Card, Deck
from balanse.cards.views.rows import card_rows
from balanse.core.views_helpers import get_object_with_perm, require_perm


def _get_deck_for_user(request, pk: int) -> Deck:
    return get_object_with_perm(request, Deck, "cards.manage_decks", pk=pk)


def _get_card_for_user(request, deck: Deck, card_pk: int) -> Card | None:
    """A card of a deck the user manages (from _get_deck_for_user), or None when it no longer exists."""
    return deck.cards.filter(pk=card_pk).first()


def _cards(deck: Deck) -> list[tuple]:
    """A deck's cards in order, as plain rows: key, number (from 1), text, topic and kind."""
    return [
        (pk, number, text, topic, kind)
        for number, (pk, text, topic, kind) in enumerate(
            deck.cards.values_list("pk", "text", "topic", "kind"), start=1
        )
    ]


@login_required
@require_GET
def deck_list(request):
    require_perm(request, "cards.manage_decks")
    decks = Deck.objects.annotate(card_count=Count("cards"))
    return render(request, "cards/operator/list.html", {"decks": decks})


@login_required
@require_http_methods(["GET", "POST"])
def deck_create(request):
    require_perm(request, "cards.manage_decks")
    form = DeckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deck = services.create_deck(
            by=request.user, title=form.cleaned_data["title"], description=form.cleaned_data["description"]
        )
        messages.success(
            request, _("The deck “%(title)s” was created. Add cards to it.") % {"title": deck.title}
        )
        return redirect("cards:operator_deck", pk=deck.pk)
    return render(request, "cards/operator/deck_form.html", {"form": form, "deck": None})


@login_required
@require_http_methods(["GET", "POST"])
def deck(request, pk: int):
    """A deck's editing page: its title and description, its cards in order, and a form for a new card."""
    deck = _get_deck_for_user(request, pk)
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
            return redirect("cards:operator_deck", pk=deck.pk)
    cards = _cards(deck)
    return render(
        request,
        "cards/operator/deck.html",
        {
            "deck": deck,
            "form": form,
            "cards": cards,
            # The rows are written in Python (`rows.card_rows`), their move forms' token once for the page.
            "rows_html": card_rows(deck.pk, cards, csrf_input(request)),
        },
    )


@login_required
@require_POST
def deck_publish(request, pk: int):
    deck = _get_deck_for_user(request, pk)
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
    return redirect("cards:operator_deck", pk=deck.pk)


@login_required
@require_http_methods(["GET", "POST"])
def deck_delete(request, pk: int):
    deck = _get_deck_for_user(request, pk)
    if request.method == "POST":
        title = deck.title
        services.delete_deck(deck=deck, by=request.user)
        messages.success(request, _("The deck “%(title)s” was deleted.") % {"title": title})
        return redirect("cards:operator_decks")
    return render(request, "cards/operator/confirm_delete.html", {"deck": deck, "card": None})


@login_required
@require_http_methods(["GET", "POST"])
def card(request, pk: int, card_pk: int | None = None):
    """Add a card to a deck (no card_pk) or edit one."""
    deck = _get_deck_for_user(request, pk)
    card = None
    if card_pk is not None:
        card = _get_card_for_user(request, deck, card_pk)
        if card is None:
            messages.error(request, _("That card no longer exists. It may have been deleted."))
            return redirect("cards:operator_deck", pk=deck.pk)
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
            return redirect(f"{reverse('cards:operator_deck', kwargs={'pk': deck.pk})}#cards")
    return render(request, "cards/operator/card_form.html", {"deck": deck, "card": card, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def card_delete(request, pk: int, card_pk: int):
    deck = _get_deck_for_user(request, pk)
    card = _get_card_for_user(request, deck, card_pk)
    if card is None:
        messages.error(request, _("That card no longer exists. It may have been deleted."))
        return redirect("cards:operator_deck", pk=deck.pk)
    if request.method == "POST":
        services.delete_card(card=card, by=request.user)
        messages.success(request, _("The card was deleted."))
        return redirect(f"{reverse('cards:operator_deck', kwargs={'pk': deck.pk})}#cards")
    return render(request, "cards/operator/confirm_delete.html", {"deck": deck, "card": card})


@login_required
@require_POST
def card_move(request, pk: int, card_pk: int):
    deck = _get_deck_for_user(request, pk)
    card = _get_card_for_user(request, deck, card_pk)
    direction = request.POST.get("direction")
    if card is None:
        messages.error(request, _("That card no longer exists. It may have been deleted."))
    elif direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the card up or down."))
    elif not services.move_card(card=card, by=request.user, direction=direction):
        messages.info(request, _("The card is already at that end of the deck."))
    else:
        messages.success(request, _("The card was moved."))
    return redirect(f"{reverse('cards:operator_deck', kwargs={'pk': deck.pk})}#card-{card_pk}")
