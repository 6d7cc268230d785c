"""How the workbook plugs into the platform and into Balansemerket (see balanse/certification/signals.py)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.certification import queries as certification_queries
from balanse.certification.signals import Requirement, cycle_started, requirements_requested
from balanse.core.privacy import authorship
from balanse.core.signals import Panel, load_default_content, load_demo_data, personal_data_requested
from balanse.core.views_helpers import row_link
from balanse.organisations.signals import organisation_panels
from balanse.workbook import content, demo, queries, services
from balanse.workbook.models import SECTION_SLUGS, PlanShare, Section, SectionKey, SectionVersion, Workbook


@receiver(requirements_requested)
def workbook_requirements(sender, *, certification, **kwargs) -> list[Requirement] | None:
    """The required measures, from the workbook of the certification's current cycle. A certification
    that never had a workbook keeps the operator's interim checklist (None)."""
    workbook, sections = queries.current_workbook_and_sections(certification)
    if workbook is None:
        if not Workbook.objects.filter(certification=certification).exists():
            return None
        return [
            Requirement(key=key, label=label, complete=False, missing=[_("Open this year's workbook.")])
            for key, label in SectionKey.choices
        ]
    # The sections' address reversed once, not once a section.
    section_url = row_link("workbook:section", key="slug", pk=workbook.pk)
    return [
        Requirement(
            key=item.key,
            label=item.label,
            complete=item.complete,
            url=section_url(SECTION_SLUGS[item.key]),
            missing=item.missing,
        )
        for item in queries.completeness(workbook, queries.section_objects(workbook, sections))
    ]


@receiver(cycle_started)
def start_next_workbook(sender, *, certification, previous_cycle, **kwargs) -> None:
    """A new year of the mark: start its workbook as a copy of last year's."""
    if Workbook.objects.filter(certification=certification, cycle=previous_cycle).exists():
        services.start_workbook(certification=certification, by=None)


@receiver(organisation_panels)
def workbook_organisation_panel(sender, *, request, organisation, **kwargs) -> list[Panel]:
    if not request.user.has_perm("workbook.open_for_organisation", organisation):
        return []
    certification = certification_queries.current_for(organisation)
    workbook = queries.current_workbook(certification) if certification else None
    context = {"organisation": organisation, "certification": certification, "workbook": workbook}
    return [Panel("workbook/_organisation_panel.html", context, order=20)]


@receiver(load_default_content)
def workbook_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(load_demo_data)
def workbook_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


@receiver(personal_data_requested)
def workbook_personal_data(sender, **kwargs):
    plan = gettext_lazy("to show who wrote and changed the organisation's measures plan")
    return [
        authorship(
            Section,
            "updated_by",
            title=gettext_lazy("parts of the measures plan"),
            categories=gettext_lazy("who last changed a part of the plan"),
            purpose=plan,
        ),
        authorship(
            SectionVersion,
            "by",
            categories=gettext_lazy("who wrote each version of the plan"),
            purpose=plan,
            title=gettext_lazy("earlier versions of the plan"),
        ),
        authorship(
            PlanShare,
            "created_by",
            categories=gettext_lazy("who shared the plan by a link"),
            purpose=gettext_lazy("to let the organisation see and withdraw its shared links"),
        ),
    ]
