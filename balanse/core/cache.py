"""The shared cache (Redis) with a fallback: while Redis cannot be reached, every cache call is served by a
cache in this process's memory instead of raising, so log-in (allauth's rate limits), the exercise and every
other page keep working when Redis stops; Redis is tried again every few seconds and used again once it is back.
Counts and cached values are then per process, which is what a site without Redis has anyway."""

import functools
import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 3


class RedisCacheWithFallback(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._retry_at = 0.0
        self.failed_at = 0.0

    def _call(self, name, *args, **kwargs):
        import redis

        if time.monotonic() >= self._retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
                self._retry_at = 0.0
                return result
            except (redis.ConnectionError, redis.TimeoutError):
                if time.monotonic() - self.failed_at > 60:
                    logger.warning("Redis is unreachable: the cache is kept in each process until it is back")
                self.failed_at = time.monotonic()
                self._retry_at = self.failed_at + RETRY_SECONDS
        return getattr(self._local, name)(*args, **kwargs)


def _fallback(name):
    @functools.wraps(getattr(RedisCache, name))
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(RedisCacheWithFallback, _name, _fallback(_name))
