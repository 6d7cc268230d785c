"""Business rules for the online course. Each runs in one transaction and writes the audit log.

Split by subject: versions (content, drafts, publishing, the file format), editing (the operator's changes
to a draft), learners (going through the course) and offers (an organisation's learners, join link and
follow-up meeting). Other code imports them from here."""

from balanse.course.queries import published_version
from balanse.course.services.editing import delete_step, save_module, save_step
from balanse.course.services.learners import (
    case_node,
    check_quiz,
    choose_in_case,
    complete_step,
    quiz_outcome,
    save_reflection,
    submit_quiz,
)
from balanse.course.services.offers import (
    get_join_offer,
    get_offer,
    invite_learners,
    join_with_link,
    log_in_by_invitation,
    new_join_code,
    parse_emails,
    schedule_meeting,
    send_join_code,
    set_join_link,
)
from balanse.course.services.versions import (
    export_course,
    get_or_create_draft,
    import_course,
    publication_problems,
    publish_draft,
    version_to_dict,
)

__all__ = [
    "case_node",
    "check_quiz",
    "choose_in_case",
    "complete_step",
    "delete_step",
    "export_course",
    "get_join_offer",
    "get_offer",
    "get_or_create_draft",
    "import_course",
    "invite_learners",
    "join_with_link",
    "log_in_by_invitation",
    "new_join_code",
    "parse_emails",
    "publication_problems",
    "publish_draft",
    "published_version",
    "quiz_outcome",
    "save_module",
    "save_reflection",
    "save_step",
    "schedule_meeting",
    "send_join_code",
    "set_join_link",
    "submit_quiz",
    "version_to_dict",
]
