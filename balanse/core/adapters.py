import ipaddress
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext

from balanse.core import compiled
from balanse.core.auth_backends import known_second_factor
from balanse.core.email import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Balanse is invitation-only: nobody signs up on their own. allauth's e-mails (log-in codes) go through
    the site's one e-mail path (balanse.core.email) and name the site, never the host it was reached on."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("core:dashboard")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        site = SimpleNamespace(name=settings.SITE_NAME, domain=request.get_host() if request else "")
        message = self.render_mail(
            template_prefix, email, {"request": request, "email": email, "current_site": site, **context}
        )
        queue_message(to=list(message.to), subject=str(message.subject), body=message.body)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The failed-password limit (ACCOUNT_RATE_LIMITS["login_failed"], "…/key") counts per client and
        account, not per account alone: twelve wrong passwords from an attacker lock the attacker out of
        that account, not the real person at their own computer. allauth hashes the key before it goes into
        the cache, so the address is never stored. (IPv6 addresses count per /64, as allauth's own limits.)"""
        return f"{_client(self, request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"


class MFAAdapter(DefaultMFAAdapter):
    """allauth's, with the name it suggests for a first key found without asking the database: whether the
    account has any second factor is read with the request's session (`auth_backends.known_second_factor`), and
    without one this is the first (most often so: the operator is sent to add one before anything else)."""

    def generate_authenticator_name(self, user, type) -> str:
        """allauth's names by the count of the person's keys of `type` (its words and translations), the count
        compiled once (the page is asked on every visit), and none asked without a second factor at all."""
        count = 0 if known_second_factor(user) is False else _count_of(user, type)
        if count == 0:
            return gettext("Master key")
        if count == 1:
            return gettext("Backup key")
        return gettext("Key nr. {number}").format(number=count + 1)


def _count_of(user, type) -> int:
    return compiled.aggregate(
        "mfa.authenticators_of_type",
        lambda user_id, type: Authenticator.objects.filter(user_id=user_id, type=type),
        {"n": Count("pk")},
        user_id=user.pk,
        type=str(type),
    )["n"]


def _client(adapter: DefaultAccountAdapter, request) -> str:
    address = adapter.get_client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)
