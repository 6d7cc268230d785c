from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "balanse.communication"
    label = "communication"
    verbose_name = _("Communication")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.communication import receivers  # noqa: F401  (connects the signal receivers)
