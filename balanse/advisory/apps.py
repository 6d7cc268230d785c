from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "balanse.advisory"
    label = "advisory"
    verbose_name = _("The advisory line")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.advisory import receivers  # noqa: F401  (connects the signal receivers)
