"""Rate limits, in one place: the live exercise, log-in related views and the public forms use these.

A limit is written ``count/seconds`` (``"5/600"``: five in ten minutes) and counted in a fixed window in the
Django cache, shared by every server process when the cache is Redis. If the cache cannot be reached (Redis
stopped), the count falls back to this process alone and a warning is logged: limits still hold per process
and nobody gets an error page because Redis is down.

Keys never hold an IP address in the clear: `client_key()` is a keyed hash that lives only in the cache.
"""

import functools
import hashlib
import hmac
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many attempts; the message says so in the user's language."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Too many attempts. Wait a little and try again."))


def parse_rate(rate: str) -> tuple[int, int]:
    count, seconds = (int(part) for part in rate.split("/"))
    return count, seconds


class _LocalCounter:
    """Fixed-window counts kept in this process, used while the shared cache is unreachable."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, timeout: int) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 50_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
            expires, count = self._counts.get(key, (0.0, 0))
            if expires <= now:
                expires, count = now + timeout, 0
            count += 1
            self._counts[key] = (expires, count)
            return count


_local = _LocalCounter()
_state = {"degraded_since": 0.0}


def shared_cache_degraded() -> bool:
    """True while the shared cache has failed within the last minute (limits are per process then)."""
    return time.monotonic() - _state["degraded_since"] < 60 if _state["degraded_since"] else False


def _count(full_key: str, timeout: int) -> int:
    try:
        if cache.add(full_key, 1, timeout=timeout):
            count = 1
        else:
            try:
                count = cache.incr(full_key)
            except ValueError:  # expired between add() and incr()
                cache.add(full_key, 1, timeout=timeout)
                count = 1
        _state["degraded_since"] = 0.0
        return count
    except Exception:  # the cache backend's own connection errors (redis.ConnectionError, …)
        if not shared_cache_degraded():
            logger.warning("The shared cache is unreachable; rate limits count per process until it is back")
        _state["degraded_since"] = time.monotonic()
        return _local.hit(full_key, timeout)


def hit(key: str, rate: str) -> bool:
    """Count one attempt for `key` against `rate` ("count/seconds"); False when over the limit."""
    limit, seconds = parse_rate(rate)
    window = int(time.time()) // seconds
    return _count(f"rl:{key}:{window}", seconds + 1) <= limit


def check(key: str, rate: str) -> None:
    """Like `hit`, but raises `RateLimited` when over the limit."""
    if not hit(key, rate):
        raise RateLimited


def client_key(request) -> str:
    """An opaque key for the client (a keyed hash of its address); never stored outside the cache."""
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def limit_posts(name: str, rate_setting: str):
    """View decorator: POSTs from one client beyond the rate in `settings.<rate_setting>` get a 429 page
    that says to wait, and change nothing. GETs are not counted."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not hit(
                f"{name}:{client_key(request)}", getattr(settings, rate_setting)
            ):
                return render(request, "core/rate_limited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
