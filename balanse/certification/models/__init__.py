"""Balansemerket: an organisation's way from application through course and measures to the mark.

Split by subject; other apps and the migrations' state import from `balanse.certification.models`.
"""

from balanse.certification.models.certification import (  # noqa: F401
    MARK_STATES,
    Certification,
    CertificationQuerySet,
    Period,
    Reminder,
    StateChange,
    mark_status,
)
from balanse.certification.models.scheme import (  # noqa: F401
    Application,
    CredentialKey,
    MarkRequest,
    SchemeSettings,
    SizeChoice,
    YearTarget,
)
from balanse.certification.models.work import (  # noqa: F401
    ChecklistItem,
    ChecklistKey,
    CourseBooking,
    FollowUpMeeting,
    GuidanceMeeting,
    ReviewComment,
    ReviewDraft,
)
