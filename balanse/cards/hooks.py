from django.urls import reverse
from django.utils.translation import gettext as _


def public_nav_items(request):
    match = request.resolver_match
    active = bool(match and match.app_name == "cards" and not match.url_name.startswith("manage"))
    return [{"url": reverse("cards:list"), "label": _("Conversation cards"), "active": active}]


def operator_panels(request):
    if not request.user.has_perm("cards.manage_decks"):
        return []
    from balanse.cards.views import operator_panel_html

    return [operator_panel_html(request)]
