"""How the organisations app plugs into the platform (see balanse/core/signals.py)."""

from django.db.models import Count, Q
from django.dispatch import receiver

from balanse.core import audit
from balanse.core.signals import Panel, load_default_content, load_demo_data, operator_panels
from balanse.organisations import content, demo
from balanse.organisations.audit_labels import AUDIT_LABELS
from balanse.organisations.models import Organisation


@receiver(load_default_content)
def organisations_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(load_demo_data)
def organisations_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


@receiver(operator_panels)
def organisations_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("organisations.list_organisations"):
        return []
    counts = Organisation.objects.aggregate(
        organisation_count=Count("pk"), member_count=Count("pk", filter=Q(is_member=True))
    )
    return [Panel("organisations/_operator_panel.html", counts, order=0)]


audit.register_labels(AUDIT_LABELS)
