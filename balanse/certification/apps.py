from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "balanse.certification"
    label = "certification"
    verbose_name = _("Balansemerket")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.certification import receivers  # noqa: F401  (connects the signal receivers)
