"""The link in a course invitation: it logs the learner in, once, and opens the course.

The admin typed the address and the account was made for it; the e-mail proves the address, so the first
use of the link may start a session, as a colleague's invitation does. The link is signed (the learner, the
course, and the account's last log-in when it was sent) and expires after INVITATION_VALID_DAYS. It starts a
session only for an account that has never logged in, that the site lets a link log in (never staff, never
an account with a second factor) and that is enrolled in the course. Any other use of a genuine link (used
once, an existing account) leads to the log-in by e-mailed code, with the address filled in.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from balanse.course.models import Enrollment
from balanse.organisations.services import may_be_logged_in_by_link

SALT = "balanse.course.invitation_link"


def _login_state(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def make_token(*, user, course) -> str:
    return signing.dumps({"u": user.pk, "c": course.slug, "l": _login_state(user)}, salt=SALT, compress=True)


def make_path(*, user, course) -> str:
    return reverse("course:invitation_link", args=[make_token(user=user, course=course)])


@dataclass
class LinkCheck:
    user: object | None  # the learner the link was sent to (None: not a genuine, current link)
    course_slug: str = ""
    may_log_in: bool = False  # the link may start a session now


def check_token(token: str) -> LinkCheck:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INVITATION_VALID_DAYS * 24 * 3600)
    except signing.BadSignature:  # also an expired link
        return LinkCheck(user=None)
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    slug = str(data.get("c", ""))
    if user is None or not Enrollment.objects.filter(user=user, course__slug=slug).exists():
        return LinkCheck(user=None)
    may_log_in = (
        user.last_login is None and data.get("l") == _login_state(user) and may_be_logged_in_by_link(user)
    )
    return LinkCheck(user=user, course_slug=slug, may_log_in=may_log_in)
