from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import middleware as auth_middleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from balanse.core import compiled, sessions
from balanse.core.auth_backends import known_second_factor

# Before a member of staff has a second factor, only setting one up and logging out are open (and what
# every page needs: static files, the language switch, the health check). Not the e-mail or password pages.
ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz", "/favicon.ico")
ALLOWED_BEFORE_SECOND_FACTOR = {"mfa_activate_totp", "mfa_add_webauthn", "account_logout"}


def _open_before_second_factor(request) -> bool:
    if request.path.startswith(ALLOWED_PREFIXES):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return not match.namespace and match.url_name in ALLOWED_BEFORE_SECOND_FACTOR


def has_second_factor(user) -> bool:
    """allauth's `is_mfa_enabled(user)` (any authenticator of the account), with its query compiled once: it is
    asked on every page a member of staff opens. The logged-in account says it already (read in the same query
    as the account, `auth_backends.user_by_pk`)."""
    if (known := known_second_factor(user)) is not None:
        return known
    return compiled.exists(
        "mfa.has_second_factor",
        lambda user_id: Authenticator.objects.filter(user_id=user_id),
        user_id=user.pk,
    )


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, finding the request's person with the account the session's row was read with
    (`balanse.core.sessions`): one query for both, where Django's asks for the account again."""

    def process_request(self, request):
        super().process_request(request)
        request.user = RequestUser(lambda: _request_user(request))


class RequestUser(SimpleLazyObject):
    """The request's person, found when first asked (as Django's `SimpleLazyObject`), then asked straight. A page
    reads `request.user`'s attributes about a hundred times (templates, permissions, the menu); Django's lazy
    object answers each by raising and catching an AttributeError (about 1.2 µs, against 0.25 here). Names with
    an underscore (the lazy object's own, `__class__`, the model's `_meta`, `_state`) go Django's way."""

    def __getattribute__(self, name):
        if name[0] == "_":
            return super().__getattribute__(name)
        wrapped = object.__getattribute__(self, "_wrapped")
        if wrapped is empty:
            self._setup()
            wrapped = object.__getattribute__(self, "_wrapped")
        return getattr(wrapped, name)


def _request_user(request):
    """Django's `get_user` for the request, once (as its middleware keeps it), with the session's account."""
    if not hasattr(request, "_cached_user"):
        with sessions.finding_user(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class StaffMFARequiredMiddleware:
    """Operator staff must set up a second factor before they can use anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not has_second_factor(user)
            and not _open_before_second_factor(request)
        ):
            messages.info(
                request,
                _(
                    "As Balansekunst staff you must set up a second factor (an authenticator app) "
                    "before you continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Every response to a logged-in person says `Cache-Control: private, no-store`: no proxy keeps it, and
    the back button on a shared computer does not show it again after log-out. (Anonymous pages that carry
    a secret in the address, such as the shared plan or an invitation, set it themselves.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Norwegian bokmål unless the person has chosen another language with the language switch.

    The browser's Accept-Language is not used: many Norwegian phones say English, and the scheme is Norwegian.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
