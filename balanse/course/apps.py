from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "balanse.course"
    label = "course"
    verbose_name = _("Online course")
    default_auto_field = "django.db.models.BigAutoField"
