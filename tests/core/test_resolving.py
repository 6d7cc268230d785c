"""Every app's pages sit in one resolver that keeps each address's match (balanse/core/resolving.py): the same
view and arguments as Django's own walk through the patterns, a fresh match for every request, and an address
that does not resolve is never kept."""

import pytest
from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLResolver

from balanse.core.resolving import RememberingResolver


def _remembering() -> RememberingResolver:
    (inner,) = [p for p in get_resolver().url_patterns if isinstance(p, RememberingResolver)]
    return inner


@pytest.mark.parametrize(
    "path",
    ["/", "/personvern/", "/virksomhet/88/", "/drift/merket/4/historikk/", "/konto/login/", "/merket/BM-1/"],
)
def test_the_same_match_as_djangos_own_walk(path):
    plain = URLResolver(get_resolver().pattern, list(_remembering().url_patterns))
    ours, theirs = resolve(path), plain.resolve(path)
    assert (ours.func, ours.args, ours.kwargs, ours.view_name, ours.route) == (
        theirs.func,
        theirs.args,
        theirs.kwargs,
        theirs.view_name,
        theirs.route,
    )


def test_each_address_is_walked_once_and_each_request_gets_its_own_match():
    inner = _remembering()
    inner._remembered.cache_clear()
    first = resolve("/virksomhet/88/")
    first.kwargs["pk"] = 1  # a view that changes its arguments changes nothing for the next request
    second = resolve("/virksomhet/88/")
    assert second.kwargs == {"pk": 88} and second is not first
    info = inner._remembered.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    # The kept match does not hold Django's list of every pattern tried before it (5–15 kB an address).
    assert inner._remembered("virksomhet/88/").tried is None  # (the root resolver strips the leading /)


def test_an_address_that_does_not_resolve_is_not_kept():
    inner = _remembering()
    inner._remembered.cache_clear()
    for _ in range(2):
        with pytest.raises(Resolver404):
            resolve("/finnes-ikke/")
    assert inner._remembered.cache_info().currsize == 0
