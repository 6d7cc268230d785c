"""What the online course's audit actions mean, in words (registered with balanse.core.audit)."""

from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "course.completed": _("Online course completed: %(object)s"),
    "course.draft_created": _("Draft started for the online course %(object)s"),
    "course.imported": _("Online course imported: %(object)s"),
    "course.published": _("New version of the online course published: %(object)s"),
    "course.module_saved": _("Module saved in the online course %(object)s"),
    "course.step_saved": _("Step saved in the online course %(object)s"),
    "course.step_deleted": _("Step deleted from the online course %(object)s"),
    "course.learner_invited": _("Invited to the online course: %(object)s"),
    "course.joined_by_link": _("Joined the online course by link: %(object)s"),
    "course.invitation_link_used": _("Logged in with a course invitation: %(object)s"),
    "course.join_link_changed": _("Join link changed: %(object)s"),
    "course.meeting_scheduled": _("Follow-up meeting scheduled: %(object)s"),
}
