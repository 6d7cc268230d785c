"""The e-mail every step of the lifecycle sends to the people who must act next.

The organisation's administrators hear about what Balansekunst did (course booked, course held, sent back
with the comments, mark awarded, follow-up, renewal, expiry, withdrawal); Balansekunst's address hears about
what the organisation did (an application, a submission). Each e-mail says what happened, what to do and
where, and goes out once per recorded step (`once_key` is the step's history row), in each recipient's
language, after the transaction commits.
"""

from django.conf import settings

from balanse.certification.models import Application, Certification, StateChange
from balanse.certification.requirements import get_requirements
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.organisations.queries import admins_of

OPERATOR = "operator"
ADMINS = "admins"

# step -> who must act next
AUDIENCE = {
    "applied": OPERATOR,
    "book_course": ADMINS,
    "mark_course_held": ADMINS,
    "submit_for_review": OPERATOR,
    "send_back": ADMINS,
    "award_mark": ADMINS,
    "start_follow_up": ADMINS,
    "renew": ADMINS,
    "expire": ADMINS,
    "withdraw": ADMINS,
}


def once_key(change: StateChange) -> str:
    return f"certification.transition:{change.pk}"


def _comments(cert: Certification, comments: dict[str, str]) -> list[tuple[str, str]]:
    """(measure, comment) in the order of the measures."""
    labels = {r.key: r.label for r in get_requirements(cert)}
    order = list(labels)
    written = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    keys = sorted(written, key=lambda k: order.index(k) if k in order else len(order))
    return [(labels.get(k, k), written[k]) for k in keys]


def context_for(cert: Certification, change: StateChange, step: str, details: dict | None = None) -> dict:
    details = details or {}
    organisation = cert.organisation
    context = {
        "step": step,
        "certification": cert,
        "organisation": organisation,
        "reason": change.reason,
        "link": absolute_url("certification:organisation", args=[organisation.pk]),
        "manage_link": absolute_url("certification:manage", args=[cert.pk]),
    }
    if step == "applied":
        context["application"] = Application.objects.filter(certification=cert).first()
    if step == "book_course":
        context["course"] = cert.courses.first()
    if step == "send_back":
        context["comments"] = _comments(cert, details.get("comments") or {})
    if step in ("award_mark", "renew") and cert.certificate_number:
        number = cert.certificate_number
        context |= {
            "verify_link": absolute_url("certification:verify", args=[number]),
            "diploma_link": absolute_url("certification:diploma", args=[number]),
            "badge_link": absolute_url("certification:badge", args=[number]),
        }
    return context


def notify(
    *, certification: Certification, change: StateChange, step: str, details: dict | None = None
) -> bool:
    """Send the step's e-mail (once). Returns False when there is no e-mail for the step, nobody to send it
    to, or it was sent before."""
    audience = AUDIENCE.get(step)
    if audience is None:
        return False
    if audience == OPERATOR:
        recipients = [settings.CERTIFICATION_OPERATOR_EMAIL]
    else:
        recipients = list(admins_of(certification.organisation))
    if not recipients:
        return False
    return send_email(
        to=recipients,
        template="certification/email/transition",
        context=context_for(certification, change, step, details),
        once_key=once_key(change),
    )
