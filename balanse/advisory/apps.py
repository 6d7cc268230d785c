from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    name = "balanse.advisory"
    label = "advisory"
    verbose_name = _("The advisory line")

    def ready(self):
        from balanse.advisory import receivers  # noqa: F401  (connects the signal receivers)
