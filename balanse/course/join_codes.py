"""The e-mailed code that proves an address before a join link enrols anyone.

Until the code is confirmed nothing is stored but this, in the person's own session (which then lasts only
as long as the code): the offer, the address, the name, a keyed hash of the code, when it expires and how
many attempts are left. The code is valid for as long as a log-in code (ACCOUNT_LOGIN_BY_CODE_TIMEOUT) and
allows as many attempts (ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS)."""

import hmac
import secrets
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

SESSION_KEY = "course_join"
SALT = "balanse.course.join_code"


@dataclass
class PendingJoin:
    offer: int
    email: str
    full_name: str
    code_hash: str
    nonce: str
    expires: float
    attempts_left: int


def _hash(code: str, nonce: str) -> str:
    return salted_hmac(SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()


def start(request, *, offer_pk: int, email: str, full_name: str, code: str) -> None:
    nonce = secrets.token_hex(8)
    pending = PendingJoin(
        offer=offer_pk,
        email=email,
        full_name=full_name,
        code_hash=_hash(code, nonce),
        nonce=nonce,
        expires=time.time() + settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT,
        attempts_left=settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS,
    )
    request.session[SESSION_KEY] = asdict(pending)
    # An abandoned request leaves nothing behind for long: this (anonymous) session ends with the code.
    request.session.set_expiry(settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT)


def pending_for(request, offer_pk: int) -> PendingJoin | None:
    """The join waiting for its code on this offer, or None (none, another offer's, or expired)."""
    data = request.session.get(SESSION_KEY)
    try:
        pending = PendingJoin(**data) if isinstance(data, dict) else None
    except TypeError:
        pending = None
    if pending is None or pending.offer != offer_pk or pending.expires <= time.time():
        return None
    return pending


def check(request, pending: PendingJoin, code: str) -> bool:
    """True if the code is right. A wrong code uses up an attempt; the last one ends the pending join."""
    if hmac.compare_digest(_hash(code, pending.nonce), pending.code_hash):
        clear(request)
        return True
    pending.attempts_left -= 1
    if pending.attempts_left <= 0:
        clear(request)
    else:
        request.session[SESSION_KEY] = asdict(pending)
    return False


def clear(request) -> None:
    if request.session.pop(SESSION_KEY, None) is not None:
        request.session.set_expiry(None)  # back to the site's usual session length
