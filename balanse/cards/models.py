"""Conversation cards (samtalekort): decks of questions and statements that start a conversation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CARD_TEXT_MAX = 300


class Topic(models.TextChoices):
    BOUNDARIES = "boundaries", _("Boundaries")
    RULES = "rules", _("Rules")
    POWER = "power", _("Power")
    FREELANCE = "freelance", _("Freelance life")
    ALCOHOL = "alcohol", _("Alcohol")
    TOURING = "touring", _("Touring")
    NORMS = "norms", _("Norms")
    DISCRIMINATION = "discrimination", _("Discrimination")
    SPEAKING_UP = "speaking_up", _("Speaking up")


class CardKind(models.TextChoices):
    QUESTION = "question", _("Question")
    STATEMENT = "statement", _("Statement")


class DeckQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Deck(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    content_key = models.SlugField(
        max_length=80, blank=True, help_text="Stable key of a deck loaded from content/cards/."
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    is_published = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DeckQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("deck")
        verbose_name_plural = _("decks")
        constraints = [
            models.UniqueConstraint(
                fields=["content_key"], condition=~Q(content_key=""), name="unique_deck_content_key"
            )
        ]

    def __str__(self):
        return self.title


class Card(models.Model):
    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="cards")
    content_key = models.SlugField(
        max_length=80, blank=True, help_text="Stable key of a card loaded from content/cards/."
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CardKind.choices, default=CardKind.QUESTION)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    text = models.TextField(_("text"), max_length=CARD_TEXT_MAX)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(
                fields=["deck", "content_key"],
                condition=~Q(content_key=""),
                name="unique_card_content_key_per_deck",
            )
        ]

    def __str__(self):
        return self.text[:60]


class RemovedContent(models.Model):
    """A default deck or card the operator deleted: reloading the content must not bring it back."""

    key = models.CharField(max_length=170, unique=True)
    removed_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return self.key
