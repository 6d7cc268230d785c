"""The site's addresses, resolved once per address (issue 19).

Every app's pages are included at the root, so Django's resolver tries the patterns one by one, app after app,
until one matches: about a hundred tries for a page of the last apps, on every request. The resolution of an
address depends on the address alone, so the answer for each address that resolves is kept (the latest 4 096
addresses per process, about 1 kB each); an address that does not resolve (a 404) is tried again each time
and never kept.
"""

from functools import lru_cache

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern

REMEMBERED = 4096


class RememberingResolver(URLResolver):
    """`path("", include(patterns))` that keeps each address's match. Django's resolver around it makes a new
    match for every request from the kept one (the view's arguments are copied, never shared)."""

    def __init__(self, patterns: list):
        super().__init__(RoutePattern(""), patterns)
        self._remembered = lru_cache(maxsize=REMEMBERED)(self._resolve)

    def _resolve(self, path):
        match = super().resolve(path)
        # Django's list of every pattern tried before this one (shown only on the debug 404 page, never for a
        # match): kept, it would weigh 5–15 kB for each address.
        match.tried = None
        return match

    def resolve(self, path):
        return self._remembered(path)
