import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Balanse is invitation-only: nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("core:dashboard")

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The failed-password limit (ACCOUNT_RATE_LIMITS["login_failed"], "…/key") counts per client and
        account, not per account alone: twelve wrong passwords from an attacker lock the attacker out of
        that account, not the real person at their own computer. allauth hashes the key before it goes into
        the cache, so the address is never stored. (IPv6 addresses count per /64, as allauth's own limits.)"""
        return f"{_client(self, request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"


def _client(adapter: DefaultAccountAdapter, request) -> str:
    address = adapter.get_client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)
