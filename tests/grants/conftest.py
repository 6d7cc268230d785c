from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def open_call(db):
    from balanse.grants.models import Criterion, GrantCall

    today = timezone.localdate()
    call = GrantCall.objects.create(
        year=today.year,
        budget=100000,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=30),
    )
    for position, text in enumerate(["Fremmer likestilling", "Gjennomførbart"]):
        Criterion.objects.create(call=call, position=position, text_nb=text, text_en=text)
    return call
