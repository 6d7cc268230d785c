from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "balanse.cards"
    label = "cards"
    verbose_name = _("Conversation cards")
    stamp_writes = True  # a deck's public page is kept until a deck changes (balanse.core.kept_pages)

    def ready(self):
        from balanse.cards import receivers  # noqa: F401  (connects the signal receivers)
