"""A deck as a printable, tagged A4 PDF: eight cards a page, with dashed lines to cut along."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language

from balanse.cards import services
from balanse.cards.models import Deck, Topic
from balanse.core.pdf import html_to_pdf

STYLESHEET = Path(__file__).resolve().parent / "pdf_deck.css"


def deck_pdf_bytes(*, deck: Deck, topic: str = "", base_url: str | None = None) -> bytes:
    cards = services.ordered_cards(cards=services.cards_for_topic(deck, topic or None), seed=None)
    html = render_to_string(
        "cards/deck_pdf.html",
        {
            "deck": deck,
            "cards": cards,
            "topic_label": Topic(topic).label if topic else "",
            "LANGUAGE_CODE": get_language(),
        },
    )
    return html_to_pdf(html, stylesheets=[STYLESHEET], base_url=base_url)
