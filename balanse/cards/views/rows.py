"""A deck's cards table on the operator's page, its rows written in Python rather than by the template language
(some 200 µs a page of 60 cards there), each kept per value and language (`functools.lru_cache`). The markup is
the loop's in cards/operator/deck.html before, character for character, every value escaped as the template
escaped it (Django's `escape` is `html.escape` of the text); tests/cards/test_rows.py holds the two equal."""

from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from balanse.cards.models import CardKind, Topic
from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link


@lru_cache(maxsize=4096)
def _card_row(language: str | None, deck_pk: int, row: tuple, first: bool, last: bool) -> tuple[str, str]:
    """One card's row (`row`: its key, number, text, topic and kind) in `language`, as (before, after) the move
    form's CSRF token (the one part that changes from one page to the next); `first`, `last`: whether it is the
    deck's first or last card (no "Up", no "Down")."""
    pk, number, text, topic, kind = row
    label = escape(gettext("card %(number)s") % {"number": number})
    hidden = f'<span class="visually-hidden"> {label}</span>'
    # The words outside the f-strings: makemessages does not look inside an f-string's braces.
    edit, up, down, delete = gettext("Edit"), gettext("Up"), gettext("Down"), gettext("Delete")
    edit_url, move_url, delete_url = (
        escape(row_link(name, key="card_pk", pk=deck_pk)(pk))
        for name in ("cards:operator_card", "cards:operator_card_move", "cards:operator_card_delete")
    )
    button = '<button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="direction"'
    up_button = "" if first else f'{button} value="up">{escape(up)}{hidden}</button>'
    down_button = "" if last else f'{button} value="down">{escape(down)}{hidden}</button>'
    return (
        f'\n    <tr id="card-{pk}">\n'
        f"      <td>{number}</td>\n"
        f'      <th scope="row" lang="nb">{escape(text)}</th>\n'
        f"      <td>{escape(choice_label(Topic, topic))}</td>\n"
        f"      <td>{escape(choice_label(CardKind, kind))}</td>\n"
        "      <td>\n"
        '        <div class="card-actions">\n'
        f'          <a class="ds-link" href="{edit_url}">{escape(edit)}{hidden}</a>\n'
        f'          <form method="post" action="{move_url}" class="inline-form">\n'
        "            ",
        f"\n            {up_button}\n"
        f"            {down_button}\n"
        "          </form>\n"
        f'          <a class="ds-link" href="{delete_url}">{escape(delete)}{hidden}</a>\n'
        "        </div>\n"
        "      </td>\n"
        "    </tr>\n  ",
    )


def card_rows(deck_pk: int, cards: list[tuple], csrf_input: str) -> SafeString:
    """The table rows of a deck's `cards` (each: key, number, text, topic, kind; in the deck's order), with the
    move forms' `csrf_input` (what `{% csrf_token %}` writes for the page)."""
    language, count = get_language(), len(cards)
    parts = (
        _card_row(language, deck_pk, row, index == 0, index == count - 1) for index, row in enumerate(cards)
    )
    return SafeString("".join(f"{before}{csrf_input}{after}" for before, after in parts))
