from balanse.cards.services import load_default_decks


def load_default_content(stdout) -> None:
    created = load_default_decks()
    if created:
        stdout.write(f"  conversation cards: {created} new")
