from django.conf import settings
from django.utils.functional import SimpleLazyObject

from balanse.core.signals import collect, menu_items


def _menu(request) -> dict:
    items = sorted(collect(menu_items, request=request), key=lambda item: item.order)
    return {"public": [i for i in items if i.public], "personal": [i for i in items if not i.public]}


def site(request):
    # The menu is built only when a template shows it (JSON, CSV and PDF responses never do).
    menu = SimpleLazyObject(lambda: _menu(request))
    return {
        "DEV_OUTBOX_ENABLED": settings.DEV_OUTBOX_ENABLED,
        "SITE_NAME": settings.SITE_NAME,
        "menu": menu,
    }
