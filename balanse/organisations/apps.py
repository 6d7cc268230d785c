from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "balanse.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from balanse.organisations import receivers  # noqa: F401  (connects the signal receivers)
