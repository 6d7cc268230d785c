from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "balanse.advice"
    label = "advice"
    verbose_name = _("Where to seek advice")
    stamp_writes = True  # the public page is kept until a contact changes (balanse.core.kept_pages)

    def ready(self):
        from balanse.advice import receivers  # noqa: F401  (connects the signal receivers)
