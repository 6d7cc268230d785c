"""How the live exercise plugs into the main menu."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from balanse.core.signals import MenuItem, load_default_content, menu_items
from balanse.exercise import content


@receiver(menu_items)
def exercise_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    match = request.resolver_match
    items = [
        MenuItem(
            url=reverse("exercise:join"),
            label=_("Join an exercise"),
            active=match is not None and match.view_name in ("exercise:join", "exercise:participate"),
            public=True,
            order=30,
        )
    ]
    if request.user.has_perm("exercise.facilitate"):
        items.append(
            MenuItem(
                url=reverse("exercise:facilitate"),
                label=_("OK or not OK"),
                active=match is not None and match.app_name == "exercise",
                order=50,
            )
        )
    return items


@receiver(load_default_content)
def exercise_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)
