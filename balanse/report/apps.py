from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "balanse.report"
    label = "report"
    verbose_name = _("Annual report")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.report import receivers  # noqa: F401  (connects the signal receivers)
