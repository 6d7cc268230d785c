"""How Balansemerket plugs into the platform: public menu, operator overview, organisation page."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _


def public_nav_items(request):
    url = reverse("certification:registry")
    return [{"url": url, "label": _("Certified organisations"), "active": request.path.startswith(url)}]


def operator_panels(request):
    if not request.user.has_perm("certification.view_dashboard"):
        return []
    from balanse.certification import queries

    context = {
        "pipeline": queries.pipeline_counts(),
        "expiring": queries.expiring_within(60).count(),
        "stuck": queries.stuck(90).count(),
    }
    return [render_to_string("certification/_operator_panel.html", context, request=request)]


def organisation_panels(request, organisation):
    if not request.user.has_perm("certification.view_for_organisation", organisation):
        return []
    from balanse.certification.models import Certification

    certification = Certification.objects.latest_for(organisation)
    context = {"organisation": organisation, "certification": certification}
    return [render_to_string("certification/_organisation_panel.html", context, request=request)]
