"""Signals Balansemerket sends, and the value type its receivers return.

See balanse/core/signals.py for how apps use signals.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.dispatch import Signal


@dataclass
class Requirement:
    """One measure an organisation must have in place before it can submit for review."""

    key: str
    label: str  # a lazy translation where possible: e-mails name the measure in each recipient's language
    complete: bool
    url: str | None = None
    missing: list[str] = field(default_factory=list)
    # When the measure's content last changed (None: not known). A measure sent back with a comment counts
    # as changed when this is later than the comment; otherwise the organisation answers the comment.
    changed_at: datetime | None = None


requirements_requested = Signal()
"""Sent whenever the required measures of a certification are needed (its page, submit, renew).

sender: None. Arguments: ``certification``. A receiver that owns the measures of this certification (the
workbook, when the certification has one) returns a list of `Requirement`; otherwise None. The first answer
that is not None wins; with none, the operator's interim checklist is used.
"""

course_status_requested = Signal()
"""Sent by the certification page for the "course" step.

sender: None. Arguments: ``organisation``, ``user`` (the person looking, or None; a receiver may answer its own
questions about that person in the same query). A receiver returns a dict with the organisation's online-course
figures (``invited``, ``started``, ``completed``) or None. The first answer that is not None is shown.
"""

cycle_started = Signal()
"""Sent when a certification starts a new year (the follow-up meeting), inside the transition's transaction.

sender: None. Arguments: ``certification``, ``previous_cycle`` (int). Receivers start their part of the new
year (the workbook copies last year's plan). Return values are ignored.
"""
