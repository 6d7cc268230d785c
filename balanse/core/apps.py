from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "balanse.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models import fields
        from django.db.models.signals import post_migrate

        from balanse.core import fido, receivers, sessions, stamps
        from balanse.core.auth_backends import MODEL_PERMISSIONS, model_permissions_in_one_text

        # The empty choice of a select that has no label of its own (Django 6.1's “- Select an option -”, which
        # Django's catalogs do not translate yet): in the page's language, as every other word.
        fields.BLANK_CHOICE_LABEL = _("Choose one")

        # The staff's model permissions, read with the session (`User._perm_cache`).
        sessions.read_along(MODEL_PERMISSIONS, model_permissions_in_one_text)
        # The registers' write stamp, read with the session: a GET's kept figures ask no query for it.
        sessions.read_along(
            "core.write_stamp", stamps.read_along_with_session, on_read=stamps.read_with_session
        )
        post_migrate.connect(receivers.install_write_stamps, sender=self)
        fido.read_type_hints_once()
