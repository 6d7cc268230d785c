"""The organisation admin's pages for a course: its learners, inviting people, and the join link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core.views_helpers import Counted, base_url, get_object_with_perm, paginate
from balanse.course import queries, services
from balanse.course.forms import InviteLearnersForm
from balanse.course.models import Course
from balanse.course.views import rows
from balanse.organisations.models import Organisation


def _get_organisation_course_for_user(request, pk: int, slug: str) -> tuple[Organisation, Course]:
    """The organisation whose learners the user manages, and the course."""
    organisation = get_object_with_perm(request, Organisation, "course.manage_learners", pk=pk)
    course = queries.course_by_slug(slug)
    if course is None:
        raise Http404
    return organisation, course


@login_required
def organisation_course(request, pk: int, slug: str):
    organisation, course = _get_organisation_course_for_user(request, pk, slug)
    offer = queries.offer(organisation, course)
    counts = queries.organisation_counts(organisation, course, user=request.user)
    learners = Counted(queries.OrganisationLearners(organisation, course), counts["invited"])
    found = paginate(request, learners, queries.LEARNERS_PAGE_SIZE)
    return render(
        request,
        "course/organisation_course.html",
        {
            "organisation": organisation,
            "course": course,
            "offer": offer,
            "counts": counts,
            "learners": found["page"].object_list,
            "learner_rows": rows.learner_rows(found["page"].object_list),
            **found,
            "form": InviteLearnersForm(),
            "join_url": request.build_absolute_uri(reverse("course:join", args=[offer.join_token]))
            if offer
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_learners(request, pk: int, slug: str):
    organisation, course = _get_organisation_course_for_user(request, pk, slug)
    form = InviteLearnersForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        emails = form.cleaned_data["emails"]
        services.invite_learners(
            organisation=organisation,
            course=course,
            emails=emails,
            by=request.user,
            base_url=base_url(request),
        )
        messages.success(request, _("%(count)s people were invited to the course.") % {"count": len(emails)})
        return redirect("course:organisation_course", pk=organisation.pk, slug=course.slug)
    return render(
        request, "course/invite.html", {"organisation": organisation, "course": course, "form": form}
    )


@login_required
@require_POST
def join_link(request, pk: int, slug: str):
    organisation, course = _get_organisation_course_for_user(request, pk, slug)
    offer = services.get_offer(organisation=organisation, course=course)
    action = request.POST.get("action")
    if action not in {"on", "off", "renew"}:
        messages.error(request, _("Choose what to do with the join link."))
    else:
        services.set_join_link(
            offer=offer, enabled=action != "off", new_token=action == "renew", by=request.user
        )
        messages.success(
            request, _("The join link is off.") if action == "off" else _("The join link is on.")
        )
    return redirect("course:organisation_course", pk=organisation.pk, slug=course.slug)
