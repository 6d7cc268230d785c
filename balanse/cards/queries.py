"""Reads of the conversation cards that other pages reuse."""

from django.db.models import Count, Q

from balanse.cards.models import Deck


def deck_counts() -> dict:
    """How many decks there are and how many are published, in one query."""
    return Deck.objects.aggregate(
        deck_count=Count("pk"), published_count=Count("pk", filter=Q(is_published=True))
    )
