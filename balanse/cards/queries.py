"""Reads of the conversation cards that other pages reuse."""

from django.db.models import Count, Q

from balanse.cards.models import Deck
from balanse.core import compiled

DECK_COUNTS = {"deck_count": Count("pk"), "published_count": Count("pk", filter=Q(is_published=True))}


def deck_counts() -> dict:
    """How many decks there are and how many are published, in one query (compiled once per process)."""
    return compiled.aggregate("cards.deck_counts", Deck.objects.all, DECK_COUNTS)
