from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "balanse.course"
    label = "course"
    verbose_name = _("Online course")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from balanse.core import sessions
        from balanse.course import queries, receivers  # noqa: F401  (connects the signal receivers)

        # The menu's "My course" on every page: whether the person takes a course, read with the session.
        sessions.read_along(queries.IS_LEARNER, queries.takes_a_course)
