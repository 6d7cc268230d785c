"""What the organisations app's audit actions mean, in words (registered with balanse.core.audit)."""

from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "organisation.created": _("Organisation created: %(object)s"),
    "organisation.updated": _("Profile changed: %(object)s"),
    "invitation.created": _("Invitation sent: %(object)s"),
    "invitation.accepted": _("Invitation accepted: %(object)s"),
    "invitation.revoked": _("Invitation withdrawn: %(object)s"),
    "membership.created": _("Joined an organisation: %(object)s"),
    "membership.removed": _("Removed from an organisation: %(object)s"),
    "membership.role_changed": _("Role changed: %(object)s"),
    "user.created": _("Account created: %(object)s"),
}
