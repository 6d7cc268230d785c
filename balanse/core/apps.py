from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "balanse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from balanse.core import fido, receivers

        post_migrate.connect(receivers.install_write_stamps, sender=self)
        fido.read_type_hints_once()
