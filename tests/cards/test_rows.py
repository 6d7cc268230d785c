"""A deck's cards table on the operator's page has its rows written in Python (`cards.views.rows`): the rows are
the markup the template's loop wrote before, character for character, in both languages, for a deck of one card
and of several (no "Up" on the first, no "Down" on the last), with text that needs escaping; the page reads the
cards in one query however many there are."""

import pytest
from django.db import connection
from django.template import engines
from django.template.backends.utils import csrf_input
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from balanse.cards.models import CardKind, Topic
from balanse.cards.views.operator import _cards
from balanse.cards.views.rows import card_rows
from balanse.core.labels import choice_label
from balanse.core.views_helpers import row_link
from tests.cards.factories import CardFactory, DeckFactory

pytestmark = pytest.mark.django_db

# The loop of cards/operator/deck.html before its rows were written in Python (its rows: dicts of the card's
# key, text, number, topic and kind in words, its label and addresses).
OLD_LOOP = """{% translate "Edit" as edit %}{% translate "Up" as up %}{% translate "Down" as down %}{% translate "Delete" as delete %}{% for row in rows %}
    <tr id="card-{{ row.pk }}">
      <td>{{ row.number }}</td>
      <th scope="row" lang="nb">{{ row.text }}</th>
      <td>{{ row.topic }}</td>
      <td>{{ row.kind }}</td>
      <td>
        <div class="card-actions">
          <a class="ds-link" href="{{ row.edit_url }}">{{ edit }}<span class="visually-hidden"> {{ row.label }}</span></a>
          <form method="post" action="{{ row.move_url }}" class="inline-form">
            {{ csrf_input }}
            {% if not forloop.first %}<button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="direction" value="up">{{ up }}<span class="visually-hidden"> {{ row.label }}</span></button>{% endif %}
            {% if not forloop.last %}<button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="direction" value="down">{{ down }}<span class="visually-hidden"> {{ row.label }}</span></button>{% endif %}
          </form>
          <a class="ds-link" href="{{ row.delete_url }}">{{ delete }}<span class="visually-hidden"> {{ row.label }}</span></a>
        </div>
      </td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _old_rows(deck, token: str) -> str:
    """What the old loop wrote for the deck's cards (the view's rows as it made them then)."""
    links = {
        name: row_link(f"cards:{name}", key="card_pk", pk=deck.pk)
        for name in ("operator_card", "operator_card_move", "operator_card_delete")
    }
    rows = [
        {
            "pk": card.pk,
            "text": card.text,
            "number": number,
            "topic": choice_label(Topic, card.topic),
            "kind": choice_label(CardKind, card.kind),
            "label": translation.gettext("card %(number)s") % {"number": number},
            "edit_url": links["operator_card"](card.pk),
            "move_url": links["operator_card_move"](card.pk),
            "delete_url": links["operator_card_delete"](card.pk),
        }
        for number, card in enumerate(deck.cards.all(), start=1)
    ]
    return engines["django"].from_string(OLD_LOOP).render({"rows": rows, "csrf_input": token})


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("count", [1, 2, 4])
def test_rows_are_the_old_loops_markup(language, count):
    deck = DeckFactory()
    CardFactory(
        deck=deck, text='<b>"Sjef" & ansatt</b> – hva er OK?', topic=Topic.POWER, kind=CardKind.STATEMENT
    )
    for _ in range(count - 1):
        CardFactory(deck=deck)
    request = RequestFactory().get("/")
    token = csrf_input(request)
    with translation.override(language):
        assert card_rows(deck.pk, _cards(deck), token) == _old_rows(deck, token)


def test_the_deck_page_reads_its_cards_in_one_query_however_many(operator_client):
    deck = DeckFactory(cards=2)
    url = reverse("cards:operator_deck", kwargs={"pk": deck.pk})
    operator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(url)
    for _ in range(30):
        CardFactory(deck=deck)
    with CaptureQueriesContext(connection) as many:
        body = operator_client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count('<tr id="card-') == 32
    assert body.count('name="direction" value="up"') == 31
    assert body.count('name="direction" value="down"') == 31


def test_an_empty_deck_says_so(operator_client):
    deck = DeckFactory()
    body = operator_client.get(reverse("cards:operator_deck", kwargs={"pk": deck.pk})).content.decode()
    assert "Kortstokken har ingen kort ennå." in body  # the page's language is Norwegian
    assert '<tr id="card-' not in body
