"""Who may do what with conversation cards.

Published decks are open to everyone, without an account: the cards are used in workshops, on a big
screen or on paper. Only the operator edits decks, and only the operator sees unpublished decks.
"""

import rules

from balanse.core.rules import is_operator


@rules.predicate
def is_published(user, deck) -> bool:
    return deck is not None and deck.is_published


rules.add_perm("cards.use_deck", is_published | is_operator)
rules.add_perm("cards.manage_decks", is_operator)
