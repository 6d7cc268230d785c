from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "balanse.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.core import sessions
        from balanse.organisations import queries, receivers  # noqa: F401  (connects the signal receivers)

        # The person's roles, asked on every page (the menu, role checks): read with the session.
        sessions.read_along(queries.ROLES, queries.roles_in_one_text)
