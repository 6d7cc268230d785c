from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExerciseConfig(AppConfig):
    name = "balanse.exercise"
    label = "exercise"
    verbose_name = _("OK or not OK (live exercise)")

    def ready(self):
        from balanse.exercise import receivers  # noqa: F401  (connects the signal receivers)
