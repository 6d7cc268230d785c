"""How the workbook plugs into the platform and into Balansemerket (see balanse/certification)."""

from django.template.loader import render_to_string
from django.urls import reverse

from balanse.certification.requirements import Requirement
from balanse.workbook.models import SECTION_SLUGS, SectionKey, Workbook


def certification_requirements(certification):
    """The required measures, from the workbook of the certification's current cycle. A certification
    that never had a workbook keeps the operator's interim checklist (None)."""
    from balanse.workbook import queries

    if not Workbook.objects.filter(certification=certification).exists():
        return None
    workbook = queries.current_workbook(certification)
    if workbook is None:
        from django.utils.translation import gettext as _

        return [
            Requirement(key=key, label=str(label), complete=False, missing=[_("Open this year's workbook.")])
            for key, label in SectionKey.choices
        ]
    return [
        Requirement(
            key=item.key,
            label=item.label,
            complete=item.complete,
            url=reverse("workbook:section", args=[workbook.pk, SECTION_SLUGS[item.key]]),
            missing=item.missing,
        )
        for item in queries.completeness(workbook)
    ]


def certification_cycle_started(certification, previous_cycle):
    """A new year of the mark: start its workbook as a copy of last year's."""
    from balanse.workbook import services

    if Workbook.objects.filter(certification=certification, cycle=previous_cycle).exists():
        services.start_workbook(certification=certification, by=None)


def organisation_panels(request, organisation):
    if not request.user.has_perm("workbook.open_for_organisation", organisation):
        return []
    from balanse.certification.models import Certification
    from balanse.workbook import queries

    certification = Certification.objects.current_for(organisation)
    workbook = queries.current_workbook(certification) if certification else None
    context = {"organisation": organisation, "certification": certification, "workbook": workbook}
    return [render_to_string("workbook/_organisation_panel.html", context, request=request)]
