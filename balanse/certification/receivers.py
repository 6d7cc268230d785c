"""How Balansemerket plugs into the platform: public menu, operator overview, organisation page."""

from datetime import date, datetime, timedelta

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.certification import demo, privacy, queries
from balanse.certification import models as m
from balanse.certification.audit_labels import AUDIT_LABELS
from balanse.core import audit
from balanse.core.counts import now, then
from balanse.core.links import path_of
from balanse.core.privacy import authorship
from balanse.core.signals import (
    MenuItem,
    Panel,
    annual_figures_requested,
    load_demo_data,
    menu_items,
    operator_panels,
    personal_data_requested,
)
from balanse.organisations.signals import organisation_panels


@receiver(menu_items)
def certification_menu(sender, *, request, **kwargs):
    url = path_of("certification:registry")
    return [
        MenuItem(
            url=url,
            label=_("Certified organisations"),
            active=request.path.startswith(url),
            public=True,
            order=10,
        )
    ]


@receiver(operator_panels)
def certification_operator_panel(sender, *, request, **kwargs):
    if not request.user.has_perm("certification.view_dashboard"):
        return []
    today = timezone.localdate()
    return [
        Panel(
            "certification/_operator_panel.html",
            {"pipeline": queries.pipeline_counts()},
            order=10,
            counts=_operator_counts,  # counted with the others'
            count_values={
                "today": today,
                "until": today + timedelta(days=60),
                "before": queries.stuck_boundary(90),  # the same until one more is stuck: kept
            },
        )
    ]


def _operator_counts(*, today: date, until: date, before: datetime) -> dict:
    """The operator panel's figures: marks that run out within 60 days (`expiring_within`) and certifications
    in the same step for more than 90 days (`stuck`), from the day and the boundary of the stuck they are asked
    for (`queries.stuck_boundary`)."""
    return {"expiring": queries.expiring_between(today, until), "stuck": queries.stuck_before(before)}


@receiver(organisation_panels)
def certification_organisation_panel(sender, *, request, organisation, **kwargs):
    if not request.user.has_perm("certification.view_for_organisation", organisation):
        return []
    certification = queries.latest_for(organisation)
    return [
        Panel(
            "certification/_organisation_panel.html",
            {"organisation": organisation, "certification": certification},
            order=10,
        )
    ]


@receiver(annual_figures_requested)
def certification_annual_figures(sender, *, year: int, years=(), defer=False, **kwargs):
    """BACK-OFFICE.md's "certification" section (the target is the report's own figure): organisations
    awarded the mark for the first time in the year, and organisations that completed the course in the year
    without getting the mark that year (the 2020 report's "ytterligere syv virksomheter gjennomførte kursing").
    Renewals are counted apart. `years` read together, `defer` as `annual_figures_requested` says."""
    answer = queries.year_figures_together(year, together=years)
    return then(
        answer if defer else now(answer),
        lambda figures: {
            "certification": {
                "certified": figures["awarded"],
                "completed_course": figures["course_only"],
                "renewed": figures["renewed"],
            }
        },
    )


@receiver(load_demo_data)
def certification_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


@receiver(personal_data_requested)
def certification_personal_data(sender, **kwargs):
    history = gettext_lazy("to keep the mark's history: who decided and recorded what")
    return [
        authorship(m.Period, "decided_by", categories=gettext_lazy("who awarded the mark"), purpose=history),
        authorship(m.StateChange, "by", categories=gettext_lazy("who moved the mark on"), purpose=history),
        authorship(
            m.GuidanceMeeting, "by", categories=gettext_lazy("who held a guidance meeting"), purpose=history
        ),
        authorship(m.FollowUpMeeting, "by", categories=gettext_lazy("who held a follow-up"), purpose=history),
        authorship(
            m.ChecklistItem,
            "updated_by",
            categories=gettext_lazy("who ticked a checklist item"),
            purpose=history,
        ),
        authorship(
            m.ReviewComment,
            "author",
            "replied_by",
            categories=gettext_lazy("review comments and their author"),
            purpose=history,
        ),
        authorship(
            m.ReviewDraft,
            "updated_by",
            categories=gettext_lazy("who wrote a draft of the review's comments"),
            purpose=history,
        ),
        *privacy.declarations(),
    ]


audit.register_labels(AUDIT_LABELS)
