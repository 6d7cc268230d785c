from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "balanse.workbook"
    label = "workbook"
    verbose_name = _("Measures workbook")

    def ready(self):
        from balanse.workbook import receivers  # noqa: F401  (connects the signal receivers)
