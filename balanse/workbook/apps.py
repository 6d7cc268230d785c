from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "balanse.workbook"
    label = "workbook"
    verbose_name = _("Measures workbook")
    # The default content (risk factors, suggested rules, texts), which every workbook page reads, is kept
    # until it changes (balanse.core.stamps); not the sections, which people save all day.
    stamp_writes = ("RiskFactor", "RuleSuggestion", "ContentText")

    def ready(self):
        from balanse.workbook import receivers  # noqa: F401  (connects the signal receivers)
