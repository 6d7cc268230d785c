"""The conversation cards' pages: using a deck, for anyone without an account (public.py), and the
operator's editing of decks and cards (operator.py)."""
