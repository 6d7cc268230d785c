from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/static/", "/konto/", "/i18n/", "/healthz", "/dev/outbox")


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
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not is_mfa_enabled(user)
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
