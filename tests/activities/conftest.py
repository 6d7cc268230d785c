import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The registration form is rate-limited per client in the cache; each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
