import json

import pytest
from django.core.exceptions import ValidationError

from balanse.cards import services
from balanse.cards.models import Card, CardKind, Deck, RemovedContent, Topic
from balanse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_default_deck_has_at_least_40_cards_on_every_topic(default_deck):
    cards = list(default_deck.cards.all())
    assert len(cards) == 45
    assert {c.topic for c in cards} == set(Topic.values)
    assert all(len(c.text) <= 300 for c in cards)
    assert default_deck.is_published is True
    assert default_deck.slug == "samtalekort"


def test_default_content_file_has_unique_keys_and_known_topics():
    data = json.loads((services.CONTENT_DIR / "default-deck.json").read_text(encoding="utf-8"))
    keys = [c["key"] for c in data["cards"]]
    assert len(keys) == len(set(keys))
    assert {c["topic"] for c in data["cards"]} <= set(Topic.values)
    assert {c["kind"] for c in data["cards"]} <= set(CardKind.values)


def test_shuffle_is_deterministic_for_a_seed(default_deck):
    cards = list(default_deck.cards.all())
    first = [c.pk for c in services.ordered_cards(cards=cards, seed=1234)]
    again = [c.pk for c in services.ordered_cards(cards=list(reversed(cards)), seed=1234)]
    other = [c.pk for c in services.ordered_cards(cards=cards, seed=4321)]
    unshuffled = [c.pk for c in services.ordered_cards(cards=cards, seed=None)]
    assert first == again
    assert first != other
    assert sorted(first) == sorted(unshuffled)
    assert unshuffled == [c.pk for c in sorted(cards, key=lambda c: c.position)]


def test_view_state_filters_by_topic_and_clamps_the_number(default_deck):
    draw = services.view_state(deck=default_deck, topic=Topic.ALCOHOL, seed=None, number=99)
    assert draw.total == 5
    assert {c.topic for c in draw.cards} == {Topic.ALCOHOL}
    assert draw.number == 5
    assert draw.has_next is False
    assert draw.has_previous is True
    assert draw.card.content_key == "alkohol-5"
    start = services.view_state(deck=default_deck, topic=None, seed=None, number=0)
    assert (start.number, start.total, start.card.content_key) == (1, 45, "grenser-1")


def test_random_number_never_repeats_the_current_card():
    assert {services.random_number(total=2, current=1) for _ in range(20)} == {2}
    assert services.random_number(total=1, current=1) == 1
    assert services.random_number(total=0, current=1) == 1


def test_content_load_is_idempotent_and_keeps_operator_edits(default_deck, operator):
    card = default_deck.cards.get(content_key="makt-1")
    services.update_card(
        card=card,
        by=operator,
        text="Endret av drift",
        topic=Topic.NORMS,
        kind="statement",
        expected_version=1,
    )
    deleted = default_deck.cards.get(content_key="makt-2")
    services.delete_card(card=deleted, by=operator)
    services.update_deck(
        deck=default_deck, by=operator, title="Vår kortstokk", description="", expected_version=1
    )
    services.set_published(deck=default_deck, by=operator, published=False)

    assert services.load_default_decks() == 0
    assert services.load_default_decks() == 0

    default_deck.refresh_from_db()
    card.refresh_from_db()
    assert (card.text, card.topic, card.kind) == ("Endret av drift", Topic.NORMS, "statement")
    assert not default_deck.cards.filter(content_key="makt-2").exists()
    assert default_deck.cards.count() == 44
    assert (default_deck.title, default_deck.is_published) == ("Vår kortstokk", False)
    assert Deck.objects.filter(content_key="standard").count() == 1


def test_content_load_adds_new_cards_from_the_file_after_the_existing_ones(default_deck):
    data = services.read_content_file(services.CONTENT_DIR / "default-deck.json")
    data["cards"].append({"key": "ny-1", "topic": "touring", "kind": "question", "text": "Nytt kort?"})
    deck, created = services.load_deck_content(data)
    assert (deck.pk, created) == (default_deck.pk, 1)
    new = deck.cards.get(content_key="ny-1")
    assert new.position == 46
    assert services.load_deck_content(data) == (deck, 0)


def test_deleted_default_deck_is_not_loaded_again(default_deck, operator):
    services.delete_deck(deck=default_deck, by=operator)
    assert services.load_default_decks() == 0
    assert not Deck.objects.exists()
    assert RemovedContent.objects.filter(key="deck:standard").exists()


def test_update_card_refuses_a_stale_edit(default_deck, operator):
    card = default_deck.cards.first()
    services.update_card(
        card=card, by=operator, text="Første", topic=card.topic, kind=card.kind, expected_version=1
    )
    with pytest.raises(ValidationError) as exc:
        services.update_card(
            card=card, by=operator, text="Andre", topic=card.topic, kind=card.kind, expected_version=1
        )
    assert exc.value.code == "stale"
    card.refresh_from_db()
    assert (card.text, card.version) == ("Første", 2)


@pytest.mark.parametrize(
    ("text", "topic", "field"),
    [("   ", Topic.POWER, "text"), ("x" * 301, Topic.POWER, "text"), ("Greit", "weather", "topic")],
)
def test_add_card_rejects_bad_input(default_deck, operator, text, topic, field):
    with pytest.raises(ValidationError) as exc:
        services.add_card(deck=default_deck, by=operator, text=text, topic=topic, kind="question")
    assert list(exc.value.error_dict) == [field]
    assert default_deck.cards.count() == 45


def test_add_card_goes_last_and_is_audited(default_deck, operator):
    card = services.add_card(
        deck=default_deck, by=operator, text=" Nytt spørsmål? ", topic=Topic.RULES, kind="question"
    )
    assert (card.text, card.position) == ("Nytt spørsmål?", 46)
    entry = AuditEntry.objects.get(action="card.create")
    assert (entry.actor, entry.object_id, entry.details) == (
        operator,
        str(card.pk),
        {"deck": default_deck.pk},
    )


def test_move_card_swaps_with_its_neighbour(default_deck, operator):
    first, second = list(default_deck.cards.all()[:2])
    assert services.move_card(card=second, by=operator, direction="up") is True
    assert [c.pk for c in default_deck.cards.all()[:2]] == [second.pk, first.pk]
    second.refresh_from_db()
    assert services.move_card(card=second, by=operator, direction="up") is False


def test_publishing_an_empty_deck_is_refused(operator):
    deck = services.create_deck(by=operator, title="Tom")
    with pytest.raises(ValidationError):
        services.set_published(deck=deck, by=operator, published=True)
    deck.refresh_from_db()
    assert deck.is_published is False


def test_create_deck_gives_a_unique_slug(operator):
    a = services.create_deck(by=operator, title="Samtalekort")
    b = services.create_deck(by=operator, title="Samtalekort")
    assert (a.slug, b.slug) == ("samtalekort-2", "samtalekort-3")
    assert Card.objects.filter(deck__in=[a, b]).count() == 0


def test_the_operator_panels_deck_counts_are_the_orms():
    from django.db.models import Count, Q

    from balanse.cards import queries as card_queries
    from balanse.cards.models import Deck
    from balanse.core import compiled
    from tests.cards.factories import DeckFactory

    compiled.forget()
    before = card_queries.deck_counts()
    DeckFactory(cards=1, published=True)
    DeckFactory()
    expected = Deck.objects.aggregate(
        deck_count=Count("pk"), published_count=Count("pk", filter=Q(is_published=True))
    )
    assert card_queries.deck_counts() == expected
    assert expected["deck_count"] == before["deck_count"] + 2
    assert expected["published_count"] == before["published_count"] + 1
