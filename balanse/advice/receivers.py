"""How the advice app plugs into the platform (see balanse/core/signals.py)."""

from django.dispatch import receiver

from balanse.advice import content
from balanse.core.signals import Panel, load_default_content, operator_panels


@receiver(load_default_content)
def advice_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(operator_panels)
def advice_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("advice.change_contacts"):
        return []
    return [Panel("advice/_operator_panel.html", order=90)]
