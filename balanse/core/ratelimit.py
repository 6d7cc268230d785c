"""Rate limits, in one place: the live exercise, log-in related views and the public forms use these.

A limit is written ``count/seconds`` (``"5/600"``: five in ten minutes) and counted in a fixed window in the
Django cache, shared by every server process when the cache is Redis. If the cache cannot be reached (Redis
stopped), the count falls back to this process alone and a warning is logged: limits still hold per process
and nobody gets an error page because Redis is down; while it is down it is tried again every few seconds, not
on every call. `hit_many()` counts a whole batch (the live exercise's group commit) in one round trip.

Keys never hold an IP address in the clear: `client_key()` is a keyed hash that lives only in the cache.
"""

import functools
import hashlib
import hmac
import logging
import threading
import time
from collections import Counter

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

    def hit(self, key: str, timeout: int, amount: int = 1) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 50_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] > now}
            expires, count = self._counts.get(key, (0.0, 0))
            if expires <= now:
                expires, count = now + timeout, 0
            count += amount
            self._counts[key] = (expires, count)
            return count


_local = _LocalCounter()
_state = {"degraded_since": 0.0, "retry_at": 0.0}
RETRY_SECONDS = 3  # while the cache is unreachable, how often it is tried again (each try can take a while)


def shared_cache_degraded() -> bool:
    """True while the shared cache has failed within the last minute (limits are per process then)."""
    return time.monotonic() - _state["degraded_since"] < 60 if _state["degraded_since"] else False


def _degraded() -> None:
    if not shared_cache_degraded():
        logger.warning("The shared cache is unreachable; rate limits count per process until it is back")
    _state["degraded_since"] = time.monotonic()
    _state["retry_at"] = _state["degraded_since"] + RETRY_SECONDS


def _skip_cache() -> bool:
    return bool(_state["retry_at"]) and time.monotonic() < _state["retry_at"]


def _count(full_key: str, timeout: int, amount: int = 1) -> int:
    if _skip_cache():
        return _local.hit(full_key, timeout, amount)
    try:
        if cache.add(full_key, amount, timeout=timeout):
            count = amount
        else:
            try:
                count = cache.incr(full_key, amount)
            except ValueError:  # expired between add() and incr()
                cache.add(full_key, amount, timeout=timeout)
                count = amount
        _state["degraded_since"] = _state["retry_at"] = 0.0
        return count
    except Exception:  # the cache backend's own connection errors (redis.ConnectionError, …)
        _degraded()
        return _local.hit(full_key, timeout, amount)


def _redis_client():
    """The redis-py client behind Django's Redis cache, or None for any other cache backend."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def _count_many(amounts: dict[str, int], timeout: int) -> dict[str, int]:
    """Add `amount` to each key's count; the new counts. With Redis in one round trip (INCRBY and EXPIRE NX
    in a pipeline, the same integers Django's cache stores), otherwise key by key."""
    client = _redis_client()
    if client is None or _skip_cache():
        return {key: _count(key, timeout, amount) for key, amount in amounts.items()}
    try:
        pipe = client.pipeline(transaction=False)
        for key, amount in amounts.items():
            made = cache.make_and_validate_key(key)
            pipe.incrby(made, amount)
            pipe.expire(made, timeout, nx=True)
        replies = pipe.execute()
        _state["degraded_since"] = _state["retry_at"] = 0.0
        return {key: int(replies[2 * i]) for i, key in enumerate(amounts)}
    except Exception:
        _degraded()
        return {key: _local.hit(key, timeout, amount) for key, amount in amounts.items()}


def hit(key: str, rate: str) -> bool:
    """Count one attempt for `key` against `rate` ("count/seconds"); False when over the limit."""
    limit, seconds = parse_rate(rate)
    window = int(time.time()) // seconds
    return _count(f"rl:{key}:{window}", seconds + 1) <= limit


def hit_many(keys: list[str], rate: str) -> list[bool]:
    """Count one attempt for each of `keys` (a key may come several times) against `rate`, in one round trip
    to Redis: for each attempt, in order, True when it is within the limit (the first ones of a key are)."""
    if not keys:
        return []
    limit, seconds = parse_rate(rate)
    window = int(time.time()) // seconds
    amounts = Counter(f"rl:{key}:{window}" for key in keys)
    totals = _count_many(dict(amounts), seconds + 1)
    seen: Counter = Counter()
    allowed = []
    for key in keys:
        full = f"rl:{key}:{window}"
        seen[full] += 1
        allowed.append(totals[full] - amounts[full] + seen[full] <= limit)
    return allowed


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
