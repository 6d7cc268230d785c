from django.conf import settings

from balanse.core.plugins import collect


def site(request):
    return {
        "DEV_OUTBOX_ENABLED": settings.DEV_OUTBOX_ENABLED,
        "SITE_URL": settings.SITE_URL,
        "plugin_nav_items": collect("nav_items", request),
        "plugin_public_nav_items": collect("public_nav_items", request),
    }
