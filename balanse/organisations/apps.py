from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "balanse.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.organisations import receivers  # noqa: F401  (connects the signal receivers)
