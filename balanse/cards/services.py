"""Business rules for conversation cards. Each write runs in one transaction and writes the audit log."""

import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from balanse.cards.models import Card, Deck, RemovedContent, Topic
from balanse.core import audit, stamps
from balanse.core.models import User

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "cards"
SEED_MAX = 999_999


# ---------------------------------------------------------------- reading a deck in a session


def new_seed() -> int:
    return random.SystemRandom().randint(1, SEED_MAX)


def ordered_cards(*, cards: list[Card], seed: int | None) -> list[Card]:
    """The cards in deck order, or shuffled deterministically for `seed` (same seed, same order)."""
    ordered = sorted(cards, key=lambda c: (c.position, c.pk))
    if seed:
        random.Random(seed).shuffle(ordered)
    return ordered


def cards_for_topic(deck: Deck, topic: str | None) -> list[Card]:
    """The deck's cards (of `topic`), kept until a deck changes (`balanse.core.stamps`): a group's screen asks
    for the same deck card after card."""

    def read() -> list[Card]:
        cards = Card.objects.filter(deck_id=deck.pk)
        if topic:
            cards = cards.filter(topic=topic)
        return list(cards)

    return stamps.kept(("cards.cards_for_topic", deck.pk, topic or ""), read)


@dataclass
class Draw:
    cards: list[Card]
    index: int  # 0-based position in `cards`

    @property
    def card(self) -> Card | None:
        return self.cards[self.index] if self.cards else None

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def total(self) -> int:
        return len(self.cards)

    @property
    def has_previous(self) -> bool:
        return self.index > 0

    @property
    def has_next(self) -> bool:
        return self.index < len(self.cards) - 1


def view_state(*, deck: Deck, topic: str | None, seed: int | None, number: int | None) -> Draw:
    cards = ordered_cards(cards=cards_for_topic(deck, topic), seed=seed)
    index = min(max((number or 1) - 1, 0), max(len(cards) - 1, 0))
    return Draw(cards=cards, index=index)


def random_number(*, total: int, current: int) -> int:
    """A card number other than the current one (draw a card)."""
    if total <= 1:
        return 1
    choices = [n for n in range(1, total + 1) if n != current]
    return random.SystemRandom().choice(choices)


# ---------------------------------------------------------------- editing decks and cards


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this while you were editing. Your text is kept below; "
                "compare it with the current version and save again."
            ),
            code="stale",
        )


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70] or "samtalekort"
    slug, n = base, 2
    while Deck.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_deck(*, by: User, title: str, description: str = "") -> Deck:
    deck = Deck.objects.create(title=title, description=description, slug=_unique_slug(title))
    audit.record(actor=by, action="deck.create", obj=deck)
    return deck


@transaction.atomic
def update_deck(*, deck: Deck, by: User, title: str, description: str, expected_version: int | None) -> Deck:
    deck = Deck.objects.select_for_update().get(pk=deck.pk)
    _check_version(deck, expected_version)
    old = {"title": deck.title, "description": deck.description}
    deck.title, deck.description = title, description
    fields = audit.changed_fields(deck, old, ["title", "description"])
    if fields:
        deck.version += 1
        deck.save()
        audit.record(actor=by, action="deck.update", obj=deck, fields=fields)
    return deck


@transaction.atomic
def set_published(*, deck: Deck, by: User, published: bool) -> Deck:
    deck = Deck.objects.select_for_update().get(pk=deck.pk)
    if published and not deck.cards.exists():
        raise ValidationError(_("Add at least one card before you publish the deck."), code="empty")
    if deck.is_published != published:
        deck.is_published = published
        deck.version += 1
        deck.save()
        audit.record(actor=by, action="deck.publish" if published else "deck.unpublish", obj=deck)
    return deck


@transaction.atomic
def delete_deck(*, deck: Deck, by: User) -> None:
    audit.record(actor=by, action="deck.delete", obj=deck, cards=deck.cards.count())
    if deck.content_key:
        RemovedContent.objects.get_or_create(key=f"deck:{deck.content_key}", defaults={"removed_by": by})
    deck.delete()


def _clean_card(*, text: str, topic: str) -> str:
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the question or statement on the card.")
    elif len(text) > 300:
        errors["text"] = _("A card holds at most 300 characters (this text has %(n)s).") % {"n": len(text)}
    if topic not in Topic.values:
        errors["topic"] = _("Choose one of the topics in the list.")
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def add_card(*, deck: Deck, by: User, text: str, topic: str, kind: str) -> Card:
    text = _clean_card(text=text, topic=topic)
    deck = Deck.objects.select_for_update().get(pk=deck.pk)
    last = deck.cards.aggregate(m=Max("position"))["m"] or 0
    card = Card.objects.create(deck=deck, text=text, topic=topic, kind=kind, position=last + 1)
    audit.record(actor=by, action="card.create", obj=card, deck=deck.pk)
    return card


@transaction.atomic
def update_card(
    *, card: Card, by: User, text: str, topic: str, kind: str, expected_version: int | None
) -> Card:
    text = _clean_card(text=text, topic=topic)
    card = Card.objects.select_for_update().get(pk=card.pk)
    _check_version(card, expected_version)
    old = {"text": card.text, "topic": card.topic, "kind": card.kind}
    card.text, card.topic, card.kind = text, topic, kind
    fields = audit.changed_fields(card, old, ["text", "topic", "kind"])
    if fields:
        card.version += 1
        card.save()
        audit.record(actor=by, action="card.update", obj=card, deck=card.deck_id, fields=fields)
    return card


@transaction.atomic
def delete_card(*, card: Card, by: User) -> None:
    audit.record(actor=by, action="card.delete", obj=card, deck=card.deck_id)
    if card.content_key and card.deck.content_key:
        RemovedContent.objects.get_or_create(
            key=f"card:{card.deck.content_key}/{card.content_key}", defaults={"removed_by": by}
        )
    card.delete()


@transaction.atomic
def move_card(*, card: Card, by: User, direction: str) -> bool:
    """Swap a card with its neighbour ("up" or "down"). Returns False when it is already at that end."""
    siblings = list(Card.objects.select_for_update().filter(deck_id=card.deck_id).order_by("position", "pk"))
    # Normalise positions first so that equal positions cannot block a move.
    for i, sibling in enumerate(siblings, start=1):
        sibling.position = i
    index = next(i for i, c in enumerate(siblings) if c.pk == card.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index].position, siblings[other].position = siblings[other].position, siblings[index].position
    Card.objects.bulk_update(siblings, ["position"])
    audit.record(actor=by, action="card.move", obj=siblings[index], deck=card.deck_id, direction=direction)
    return True


# ---------------------------------------------------------------- default content


def read_content_file(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_deck_content(data: dict) -> tuple[Deck | None, int]:
    """Create a default deck and its cards if missing. Never changes what exists (the operator's edits),
    and never brings back what the operator deleted. Returns the deck and the number of new cards."""
    key = data["key"]
    if RemovedContent.objects.filter(key=f"deck:{key}").exists():
        return None, 0
    deck, _created = Deck.objects.get_or_create(
        content_key=key,
        defaults={
            "slug": data["slug"]
            if not Deck.objects.filter(slug=data["slug"]).exists()
            else _unique_slug(key),
            "title": data["title"],
            "description": data.get("description", ""),
            "is_published": bool(data.get("published", False)),
        },
    )
    removed = set(RemovedContent.objects.filter(key__startswith=f"card:{key}/").values_list("key", flat=True))
    existing = set(deck.cards.exclude(content_key="").values_list("content_key", flat=True))
    last = deck.cards.aggregate(m=Max("position"))["m"] or 0
    new = []
    for item in data["cards"]:
        if item["key"] in existing or f"card:{key}/{item['key']}" in removed:
            continue
        if item["topic"] not in Topic.values:
            raise ValueError(f"unknown topic {item['topic']!r} in card {item['key']!r}")
        last += 1
        new.append(
            Card(
                deck=deck,
                content_key=item["key"],
                topic=item["topic"],
                kind=item.get("kind", "question"),
                text=item["text"],
                position=last,
            )
        )
    Card.objects.bulk_create(new)
    return deck, len(new)


def load_default_decks() -> int:
    created = 0
    for path in sorted(CONTENT_DIR.glob("*.json")):
        _deck, n = load_deck_content(read_content_file(path))
        created += n
    return created
