"""Permission results computed once per request.

A page asks `user.has_perm(perm, obj)` many times (menu, panels, the template); each call evaluates the
rule's predicates again, often with a query. Within one request the answer cannot change in a way the page
relies on, so `PermissionCacheMiddleware` opens a per-request cache that `User.has_perm` consults. Outside a
request (commands, tests calling has_perm directly) nothing is cached.
"""

import copy
import threading
from collections import OrderedDict
from contextvars import ContextVar

from django.utils import timezone

_cache: ContextVar[dict | None] = ContextVar("balanse_permission_cache", default=None)
# While `_declared_once` declares: a list that a look into the request's cache marks (the declaration then
# depends on the request, and is not kept).
_declaring: ContextVar[list | None] = ContextVar("balanse_declaring", default=None)


def _request_cache() -> dict | None:
    declaring = _declaring.get()
    if declaring is not None:
        declaring.append(True)
    return _cache.get()


def cached(user, perm: str, obj, compute):
    cache = _request_cache()
    if cache is None:
        return compute()
    key = (user.pk, perm, type(obj), getattr(obj, "pk", None) if obj is not None else None)
    if obj is not None and key[3] is None:
        return compute()  # an unsaved object has no stable identity
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def memo(key: tuple, compute):
    """A fact the page asks for more than once (e.g. a person's role in an organisation), computed once per
    request; outside a request it is computed each time."""
    cache = _request_cache()
    if cache is None:
        return compute()
    key = ("memo", *key)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def remember(key: tuple, value) -> None:
    """Keep `value` as the answer `memo(key, …)` gives for the rest of the request: for a fact that a query the
    page makes anyway can answer along the way (outside a request nothing is kept)."""
    cache = _request_cache()
    if cache is not None:
        cache[("memo", *key)] = value


def memo_many(name: str, key, together, compute):
    """The answer for `key` from `compute(keys) -> {key: answer}`, which reads several keys at once (one query
    for two years, say). In a request it is asked for `key` and every key of `together` not yet known, and
    keeps all the answers for the rest of the request; outside a request it is asked for `key` alone. A deep
    copy is returned, so a caller may change what it gets."""
    cache = _request_cache()
    if cache is None:
        return compute([key])[key]
    if ("memo", name, key) not in cache:
        missing = [k for k in dict.fromkeys((key, *together)) if ("memo", name, k) not in cache]
        for k, answer in compute(missing).items():
            cache[("memo", name, k)] = answer
    return copy.deepcopy(cache[("memo", name, key)])


_declared: OrderedDict = OrderedDict()
_declared_lock = threading.Lock()
DECLARED_KEPT = (
    256  # the years a process keeps declared (a year's page with the year before: two or three each)
)


def _declared_once(name: str, keys: list, declare):
    """`declare(keys)`, kept for the process (the latest DECLARED_KEPT of them), so that its querysets are built
    once and their SQL compiled once (`balanse.core.counts`); not kept when declaring asked the request's cache
    (through `memo`, `memo_deferred` …: what it declares then depends on the request). The time zone is part of
    the key: a year's bounds in a date-and-time column are worked out in it."""
    key = (name, tuple(keys), timezone.get_current_timezone_name())
    with _declared_lock:
        found = _declared.get(key)
        if found is not None:
            _declared.move_to_end(key)
            return found
    token = _declaring.set([])
    try:
        found = declare(keys)
    finally:
        asked_the_request = bool(_declaring.get())
        _declaring.reset(token)
    if asked_the_request:  # e.g. it declares other registers' answers, some known to this request already
        return found
    with _declared_lock:
        _declared[key] = found
        while len(_declared) > DECLARED_KEPT:
            _declared.popitem(last=False)
    return found


def forget_declared() -> None:
    """Drop every kept declaration (a test that changes what shapes their SQL)."""
    with _declared_lock:
        _declared.clear()


def memo_deferred(name: str, key, together, declare):
    """As `memo_many`, for a `declare(keys)` that returns a `balanse.core.counts.Deferred` building {key: answer}
    (so that a sender may run it with other registers' in one query): the answer itself when the request knows
    it already, else a Deferred that builds it and keeps every key's answer for the rest of the request. Use
    `balanse.core.counts.now()` for the answer at once.

    `declare` builds its querysets from the keys alone (years: no date of today, nothing read from the database
    while they are built; its `build` may read what it likes, it runs at every evaluation): its Deferred is
    made once per process for the same keys (`_declared_once`) and its SQL compiled once."""
    from balanse.core.counts import Deferred

    cache = _request_cache()
    if cache is not None and ("memo", name, key) in cache:
        return copy.deepcopy(cache[("memo", name, key)])
    if cache is None:
        keys = [key]
    else:
        keys = [k for k in dict.fromkeys((key, *together)) if ("memo", name, k) not in cache]
    declared = _declared_once(name, keys, declare)

    def build(rows):
        answers = declared.build(rows)
        if cache is not None:
            for k, answer in answers.items():
                cache[("memo", name, k)] = answer
        return copy.deepcopy(answers[key])

    return Deferred(declared.querysets, build)


class PermissionCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
