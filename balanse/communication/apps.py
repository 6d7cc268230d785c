from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "balanse.communication"
    label = "communication"
    verbose_name = _("Communication")

    def ready(self):
        from balanse.communication import receivers  # noqa: F401  (connects the signal receivers)
