"""Business rules of the live exercise. Each function runs in one transaction and writes the audit log
(participants' actions are anonymous and are not audited one by one).

Split by subject; other apps, the views, the tests and bench/exercise_load.py import from
`balanse.exercise.services`.
"""

from balanse.core.ratelimit import RateLimited  # noqa: F401
from balanse.exercise.services.joining import (  # noqa: F401
    ENDED,
    FULL,
    JOINING_TOO_FAST,
    JoinOutcome,
    JoinRequest,
    join,
    join_many,
)
from balanse.exercise.services.retention import cleanup_expired  # noqa: F401
from balanse.exercise.services.sessions import (  # noqa: F401
    end_session,
    go_to,
    reveal_all,
    set_phase,
    start_session,
    state_of,
)
from balanse.exercise.services.templates import (  # noqa: F401
    CONTENT_DIR,
    DEFAULT_SLUG,
    default_content_in,
    default_template,
    load_default_template,
    save_template,
)
from balanse.exercise.services.votes import (  # noqa: F401
    CLOSED,
    NO_SCENARIO,
    NO_VALUES,
    OUT_OF_RANGE,
    SAVED,
    TOO_MANY,
    UPSERT_ROWS,
    VoteOutcome,
    VoteRequest,
    _locked_sessions,
    answers_of,
    can_vote,
    cast_votes,
    record_votes,
)
