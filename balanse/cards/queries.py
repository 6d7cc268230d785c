"""Reads of the conversation cards that other pages reuse."""

from django.db.models import Count, Q

from balanse.cards.models import Deck
from balanse.core import stamps

DECK_COUNTS = {"deck_count": Count("pk"), "published_count": Count("pk", filter=Q(is_published=True))}


def deck_counts() -> dict:
    """How many decks there are and how many are published, in one query (compiled once per process), kept
    until a register changes (`balanse.core.stamps`)."""
    return stamps.kept_aggregate("cards.deck_counts", Deck.objects.all, DECK_COUNTS)
