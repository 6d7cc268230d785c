"""Absolute links, made in one place.

With a request (a page, a form post) the link uses the address the person reached the site on, so a link
e-mailed from `make demo PORT=8014` points at :8014. Without one (management commands, tasks, signed
credentials) it uses `SITE_URL`, which `make demo` sets from the host and port it serves on.
"""

import hashlib

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_paths: dict = {}


def path_of(name: str, current_app: str | None = None) -> str:
    """`reverse(name)` for a page that takes no arguments, reversed once per process for each URL
    configuration, prefix, language and application instance (a page's menu and header reverse the same
    dozen names on every request). NoReverseMatch as reverse."""
    key = (name, current_app, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    path = _paths.get(key)
    if path is None:
        path = _paths[key] = reverse(name, current_app=current_app)
    return path


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


def hash_token(token: str) -> str:
    """The SHA-256 (hex) of a link's secret token (invitations, plan shares, survey links): the only form in
    which the token is stored, so the link cannot be rebuilt from the database."""
    return hashlib.sha256(token.encode()).hexdigest()
