"""The year's collaboration with members (reached and not reached, the contact log) and supporting members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core.form_fields import year_from
from balanse.core.views_helpers import require_perm
from balanse.members import forms, queries, services
from balanse.members.models import REACHED_KIND_LABELS, Contact, Member, SupportingMember


@login_required
@require_http_methods(["GET", "POST"])
def collaboration(request):
    require_perm(request, "members.manage_members")
    year = year_from(request)
    form = forms.ContactForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member")
        services.log_contact(member=member, by=request.user, data=data)
        messages.success(request, _("The contact with %(name)s was logged.") % {"name": member})
        return redirect(f"{reverse('members:collaboration')}?ar={year}")
    reached_map = queries.reached(year)
    members = list(
        Member.objects.of_year(year).select_related("organisation", "field").order_by("organisation__name")
    )
    reached = [
        (m, sorted(str(REACHED_KIND_LABELS.get(k, k)) for k in reached_map[m.organisation_id]))
        for m in members
        if m.organisation_id in reached_map
    ]
    not_reached = [m for m in members if m.organisation_id not in reached_map]
    return render(
        request,
        "members/collaboration.html",
        {
            "year": year,
            "form": form,
            "figures": queries.collaboration_figures(year, reached_map),
            "reached": reached,
            "not_reached": not_reached,
            "contacts": Contact.objects.filter(date__year=year).select_related("member__organisation", "by"),
        },
    )


@login_required
@require_POST
def delete_contact(request, pk: int):
    require_perm(request, "members.manage_members")
    contact = get_object_or_404(Contact.objects.select_related("member"), pk=pk)
    year = contact.date.year
    services.delete_contact(contact=contact, by=request.user)
    messages.success(request, _("The contact was removed from the log."))
    return redirect(f"{reverse('members:collaboration')}?ar={year}")


@login_required
def supporting_list(request):
    require_perm(request, "members.manage_members")
    year = year_from(request)
    members = SupportingMember.objects.of_year(year).order_by("name", "pk")
    return render(
        request,
        "members/supporting.html",
        {
            "year": year,
            "figures": queries.supporting_figures(year),
            "page": Paginator(members, 50).get_page(request.GET.get("side")),
            "query": f"ar={year}",
            "pending": SupportingMember.objects.filter(joined__isnull=True).count(),
        },
    )
