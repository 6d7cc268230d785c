from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "balanse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from balanse.core import receivers  # noqa: F401
