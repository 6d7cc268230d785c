from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "balanse.course"
    label = "course"
    verbose_name = _("Online course")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from balanse.course import receivers  # noqa: F401  (connects the signal receivers)
