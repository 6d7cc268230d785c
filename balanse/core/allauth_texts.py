"""Norwegian wording for django-allauth's own pages and messages that Balanse shows.

allauth ships a Norwegian catalog, but its wording is stiff ("Vennligst skriv inn …", "Koden utløper snart, så
vennligst skriv den inn snart"). The foundation catalog (locale/, first in LOCALE_PATHS) wins over allauth's,
so listing allauth's source strings here puts them in our catalog, where they are translated by hand in the
words of the glossary (README). Nothing imports this module; it exists for makemessages.
"""

from django.utils.translation import gettext_noop

ALLAUTH_TEXTS = [
    gettext_noop("Sign In"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:"
    ),
    gettext_noop("Alternative options"),
    gettext_noop("Use a security key"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("You will receive a special code for a password-free sign-in."),
    gettext_noop("Request Code"),
    gettext_noop("Other sign-in options"),
    gettext_noop("We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon."),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Request new code"),
    gettext_noop("Incorrect code."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Sign Out"),
]
