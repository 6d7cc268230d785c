"""How the conversation cards plug into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.cards import content, queries
from balanse.cards.models import RemovedContent
from balanse.core.links import path_of
from balanse.core.privacy import authorship
from balanse.core.signals import (
    MenuItem,
    Panel,
    load_default_content,
    menu_items,
    operator_panels,
    personal_data_requested,
)


@receiver(menu_items)
def cards_menu(sender, *, request, **kwargs):
    match = request.resolver_match
    active = bool(match and match.app_name == "cards" and not match.url_name.startswith("manage"))
    return [
        MenuItem(
            url=path_of("cards:list"), label=_("Conversation cards"), active=active, public=True, order=20
        )
    ]


@receiver(operator_panels)
def cards_operator_panel(sender, *, request, **kwargs):
    if not request.user.has_perm("cards.manage_decks"):
        return []
    return [Panel("cards/_operator_panel.html", queries.deck_counts(), order=60)]


@receiver(load_default_content)
def cards_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(personal_data_requested)
def cards_personal_data(sender, **kwargs):
    return [
        authorship(
            RemovedContent,
            "removed_by",
            categories=gettext_lazy("who removed a default card"),
            purpose=gettext_lazy("to be able to put the card back"),
            title=gettext_lazy("removed default cards"),
        )
    ]
