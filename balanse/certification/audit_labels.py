"""What Balansemerket's audit actions mean, in words (registered with balanse.core.audit)."""

from django.utils.translation import gettext_lazy as _


def _short(text):
    return str(text).replace("%(organisation)s", "…")


class _Label:
    """A label that names the certification's organisation; `short` is for lists of actions."""

    def __init__(self, text):
        self.text = text

    def __call__(self, entry):
        return str(self.text) % {"organisation": entry.object_repr.rsplit(" – ", 1)[0]}

    @property
    def short(self):
        return _short(self.text)


AUDIT_LABELS = {
    "certification.applied": _Label(_("%(organisation)s applied for the mark")),
    "certification.book_course": _Label(_("Course booked for %(organisation)s")),
    "certification.mark_course_held": _Label(_("Course held for %(organisation)s")),
    "certification.submit_for_review": _Label(_("%(organisation)s submitted the measures for review")),
    "certification.send_back": _Label(_("Measures sent back to %(organisation)s with comments")),
    "certification.award_mark": _Label(_("Mark awarded to %(organisation)s")),
    "certification.start_follow_up": _Label(_("Follow-up started for %(organisation)s")),
    "certification.renew": _Label(_("Mark renewed for %(organisation)s")),
    "certification.expire": _Label(_("The mark of %(organisation)s expired")),
    "certification.withdraw": _Label(_("Mark withdrawn from %(organisation)s")),
    "certification.restarted": _Label(_("%(organisation)s started again")),
    "certification.course_updated": _Label(_("Course booking changed for %(organisation)s")),
    "certification.meeting_logged": _Label(_("Guidance meeting logged for %(organisation)s")),
    "certification.checklist_updated": _Label(_("Checklist updated for %(organisation)s")),
    "certification.comment_answered": _Label(_("%(organisation)s answered a review comment")),
    "certification.reminder_sent": _Label(_("Expiry reminder sent to %(organisation)s")),
    "certification.credential_reissued": _Label(_("Signed proof reissued for %(organisation)s")),
    "certification.target_set": _("Yearly target set (%(object)s)"),
    "certification.credential_key_rotated": _("Signing key for the proofs replaced"),
    "certification.request_received": _("Request for the mark received: %(object)s"),
    "certification.request_converted": _("Request turned into an organisation: %(object)s"),
    "certification.request_closed": _("Request closed: %(object)s"),
    "certification.response_time_set": _("Answer time for applications changed"),
}
