from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "balanse.activities"
    label = "activities"
    verbose_name = _("Activities")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.activities import receivers  # noqa: F401  (connects the signal receivers)
