"""Permission results computed once per request.

A page asks `user.has_perm(perm, obj)` many times (menu, panels, the template); each call evaluates the
rule's predicates again, often with a query. Within one request the answer cannot change in a way the page
relies on, so `PermissionCacheMiddleware` opens a per-request cache that `User.has_perm` consults. Outside a
request (commands, tests calling has_perm directly) nothing is cached.
"""

import copy
from contextvars import ContextVar

_cache: ContextVar[dict | None] = ContextVar("balanse_permission_cache", default=None)


def cached(user, perm: str, obj, compute):
    cache = _cache.get()
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
    cache = _cache.get()
    if cache is None:
        return compute()
    key = ("memo", *key)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def remember(key: tuple, value) -> None:
    """Keep `value` as the answer `memo(key, …)` gives for the rest of the request: for a fact that a query the
    page makes anyway can answer along the way (outside a request nothing is kept)."""
    cache = _cache.get()
    if cache is not None:
        cache[("memo", *key)] = value


def memo_many(name: str, key, together, compute):
    """The answer for `key` from `compute(keys) -> {key: answer}`, which reads several keys at once (one query
    for two years, say). In a request it is asked for `key` and every key of `together` not yet known, and
    keeps all the answers for the rest of the request; outside a request it is asked for `key` alone. A deep
    copy is returned, so a caller may change what it gets."""
    cache = _cache.get()
    if cache is None:
        return compute([key])[key]
    if ("memo", name, key) not in cache:
        missing = [k for k in dict.fromkeys((key, *together)) if ("memo", name, k) not in cache]
        for k, answer in compute(missing).items():
            cache[("memo", name, k)] = answer
    return copy.deepcopy(cache[("memo", name, key)])


def memo_deferred(name: str, key, together, declare):
    """As `memo_many`, for a `declare(keys)` that returns a `balanse.core.counts.Deferred` building {key: answer}
    (so that a sender may run it with other registers' in one query): the answer itself when the request knows
    it already, else a Deferred that builds it and keeps every key's answer for the rest of the request. Use
    `balanse.core.counts.now()` for the answer at once."""
    from balanse.core.counts import Deferred

    cache = _cache.get()
    if cache is not None and ("memo", name, key) in cache:
        return copy.deepcopy(cache[("memo", name, key)])
    if cache is None:
        keys = [key]
    else:
        keys = [k for k in dict.fromkeys((key, *together)) if ("memo", name, k) not in cache]
    declared = declare(keys)

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
