"""Business rules of Balansemerket. Each function runs in one transaction and writes the audit log.

Split by subject; views, commands and other apps import from `balanse.certification.services`:
- `transitions`: the table of allowed transitions, the step's side effects and `transition()` itself;
- `steps`: the named steps (apply, book_course, …, withdraw, restart), each one transition;
- `work`: work that is not a change of state (course booking, meetings, checklist, answers, drafts, target);
- `periods`: one-year periods and certificate numbers;
- `daily`: the daily command's expiry and reminders.
"""

from balanse.certification.services.daily import (  # noqa: F401
    REMINDER_DAYS,
    expire_due,
    send_due_reminders,
)
from balanse.certification.services.periods import (  # noqa: F401
    anniversary,
    next_certificate_number,
    period_end,
)
from balanse.certification.services.steps import (  # noqa: F401
    apply,
    award_mark,
    book_course,
    expire,
    mark_course_held,
    renew,
    restart,
    send_back,
    start_follow_up,
    submit_for_review,
    withdraw,
)
from balanse.certification.services.transitions import (  # noqa: F401
    ALLOWED,
    APPLICATION_FIELDS,
    TransitionError,
    _ensure_checklist,  # the tests' fixtures tick the interim checklist with it
    allowed_next,
    can,
    transition,
)
from balanse.certification.services.work import (  # noqa: F401
    answer_comment,
    log_guidance_meeting,
    save_review_draft,
    set_year_target,
    update_checklist,
    update_course_booking,
)
