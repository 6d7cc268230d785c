"""The year's collaboration with members (reached and not reached, the contact log) and supporting members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core.form_fields import year_from
from balanse.core.numbers import parse_ascii_int
from balanse.core.views_helpers import Counted, paginate, require_perm
from balanse.members import forms, queries, services
from balanse.members.models import Contact, Member, SupportingMember
from balanse.members.views.rows import collaboration_rows, supporting_rows

# The page's lists, one at a time (`?liste=`), a page of each at a time (`?side=`): the members not reached
# (the ones to get in touch with, first), those reached and how, and the contacts logged.
LISTS = ("ikke-nadd", "nadd", "kontakter")
PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def collaboration(request):
    require_perm(request, "members.manage_members")
    year = year_from(request)
    chosen = parse_ascii_int(request.GET.get("medlem", ""), low=1, high=2**31 - 1)
    member = (
        Member.objects.of_year(year).select_related("organisation").filter(pk=chosen).first()
        if chosen
        else None
    )
    form = forms.ContactForm(request.POST or None, year=year, member=member)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member")
        services.log_contact(member=member, by=request.user, data=data)
        messages.success(request, _("The contact with %(name)s was logged.") % {"name": member})
        return redirect(f"{reverse('members:collaboration')}?ar={year}")
    shown = request.GET.get("liste")
    shown = shown if shown in LISTS else LISTS[0]
    # The figures and the lists' lengths are counted in the database (and kept until a register changes), and
    # only the shown page of a list is read.
    reached_map, counted, contacts_total = queries.collaboration_page_counts(year)
    contacts = Contact.objects.filter(date__year=year)
    counts = {
        "ikke_nadd": counted["members"] - counted["members_reached"],
        "nadd": counted["members_reached"],
        "kontakter": contacts_total,
    }
    if shown == "kontakter":
        items = Counted(contacts.select_related("member__organisation", "by"), counts["kontakter"])
    else:
        wanted = shown == "nadd"
        items = Counted(
            queries.collaboration_members(year, reached_map, reached=wanted),
            counts["nadd" if wanted else "ikke_nadd"],
        )
    pager = paginate(request, items, PAGE_SIZE)
    rows = list(pager["page"].object_list)
    # The members' items written in Python, once per row, with each member's link made once for the page
    # rather than reversed row by row (`views.rows`); the contacts by the template.
    rows_html = (
        collaboration_rows(rows, year, reached_map if shown == "nadd" else None)
        if shown != "kontakter"
        else ""
    )
    return render(
        request,
        "members/collaboration.html",
        {
            "year": year,
            "form": form,
            "figures": {key: counted[key] for key in ("members_reached", "share_percent")},
            "shown": shown,
            "counts": counts,
            "rows": rows,
            "rows_html": rows_html,
            **pager,
        },
        status=400 if request.method == "POST" else 200,
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
    figures = queries.supporting_figures(year)
    # The year's number is in its figures already (the same rule): the pager does not count the list again.
    members = Counted(SupportingMember.objects.of_year(year).order_by("name", "pk"), figures["total"])
    pager = paginate(request, members, 50)
    rows = list(pager["page"].object_list)
    return render(
        request,
        "members/supporting.html",
        {
            "year": year,
            "figures": figures,
            **pager,
            "query": f"ar={year}",
            "rows": rows,
            "rows_html": supporting_rows(rows, year),  # written in Python, once per row
            "pending": queries.supporting_pending(),
        },
    )
