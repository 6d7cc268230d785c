from django.urls import reverse
from django.utils.translation import gettext as _


def nav_items(request):
    if not request.user.has_perm("exercise.facilitate"):
        return []
    return [
        {
            "url": reverse("exercise:facilitate"),
            "label": _("OK or not OK"),
            "active": request.resolver_match is not None and request.resolver_match.app_name == "exercise",
        }
    ]


def public_nav_items(request):
    return [
        {
            "url": reverse("exercise:join"),
            "label": _("Join an exercise"),
            "active": request.resolver_match is not None
            and request.resolver_match.view_name in ("exercise:join", "exercise:participate"),
        }
    ]
