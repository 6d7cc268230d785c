from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "balanse.members"
    label = "members"
    verbose_name = _("Members and fees")
    # Its tables carry the write stamp: figures counted from them are kept until they change (core.stamps).
    stamp_writes = True

    def ready(self):
        from balanse.members import receivers  # noqa: F401  (connects the signal receivers)
        from balanse.members.cutoff import check_cutoff_setting

        check_cutoff_setting()
