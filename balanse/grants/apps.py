from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "balanse.grants"
    label = "grants"
    verbose_name = _("Balansepotten (grants)")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.grants import receivers  # noqa: F401  (connects the signal receivers)
