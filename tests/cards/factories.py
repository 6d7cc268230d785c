"""Factories for the conversation cards, made by the operator's services."""

import factory

from balanse.cards import services
from balanse.cards.models import Card, CardKind, Deck, RemovedContent, Topic
from tests.core.factories import ValidatedFactory
from tests.factories import OperatorFactory


class DeckFactory(factory.django.DjangoModelFactory):
    """A deck made by an operator. DeckFactory(cards=3, published=True) adds cards and publishes it."""

    class Meta:
        model = Deck

    title = factory.Sequence(lambda n: f"Samtalekort {n}")
    description = "Kort som starter en samtale."
    cards = 0
    published = False
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, title, description, cards, published, by):
        deck = services.create_deck(by=by, title=title, description=description)
        for number in range(cards):
            services.add_card(
                deck=deck,
                by=by,
                text=f"Spørsmål {number + 1}: hva gjør du?",
                topic=Topic.POWER,
                kind=CardKind.QUESTION,
            )
        if published:
            deck = services.set_published(deck=deck, by=by, published=True)
        return deck


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Card

    deck = factory.SubFactory(DeckFactory)
    text = factory.Sequence(lambda n: f"Hva ville du gjort i situasjon {n}?")
    topic = factory.Iterator(Topic.values)
    kind = CardKind.QUESTION
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, deck, by, **data):
        return services.add_card(deck=deck, by=by, **data)


class ContentDeckFactory(ValidatedFactory):
    """A deck as if loaded from content/cards/ (it has a content key)."""

    class Meta:
        model = Deck

    slug = factory.Sequence(lambda n: f"standardkort-{n}")
    content_key = factory.Sequence(lambda n: f"standard-{n}")
    title = factory.Sequence(lambda n: f"Standardkort {n}")


class RemovedContentFactory(factory.django.DjangoModelFactory):
    """The mark a default deck leaves when the operator deletes it (so reloading does not bring it back)."""

    class Meta:
        model = RemovedContent

    deck = factory.SubFactory(ContentDeckFactory)
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, deck, by):
        key = f"deck:{deck.content_key}"
        services.delete_deck(deck=deck, by=by)
        return RemovedContent.objects.get(key=key)
