"""Absolute links, made in one place.

With a request (a page, a form post) the link uses the address the person reached the site on, so a link
e-mailed from `make demo PORT=8014` points at :8014. Without one (management commands, tasks, signed
credentials) it uses `SITE_URL`, which `make demo` sets from the host and port it serves on.
"""

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """The site's own address without a trailing slash, e.g. ``https://balanse.example``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(location: str, *, request=None, args=None, kwargs=None) -> str:
    """An absolute URL for a path (``/merket/``) or a view name (``certification:registry``).

    A view name is reversed with `args`/`kwargs`. With `request` the scheme and host come from the request,
    otherwise from `SITE_URL`.
    """
    path = location if location.startswith("/") else reverse(location, args=args, kwargs=kwargs)
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path
