"""The operator's member register: the list with its export, a member's page, adding and editing members,
and the applications from “Bli medlem”."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core import exports, stamps
from balanse.core.audit import latest_entries_for
from balanse.core.form_fields import year_from
from balanse.core.views_helpers import base_url, paginate, require_perm
from balanse.members import forms, queries, services
from balanse.members.models import (
    REACHED_KIND_LABELS,
    REPORT_FIELD_LABELS,
    ApplicationState,
    Fee,
    Member,
    MembershipApplication,
)
from balanse.members.views.rows import application_rows, decided_application_rows, member_rows

PAGE_SIZE = 50


def _get_member_for_user(request, pk: int) -> Member:
    require_perm(request, "members.manage_members")
    member = queries.member_of(pk)  # with its organisation and field, compiled once
    if member is None:
        raise Http404
    return member


def _filtered(request):
    year = year_from(request)
    form = forms.MemberFilterForm(
        request.GET or None,
        municipalities=queries.member_municipalities(),
        tiers=queries.tier_amounts(year),
    )
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"],
            "field": data["field"],
            "municipality": data["municipality"],
            "new": data["new"],
            "tier": data["tier"],
            "fee": data["fee"],
        }
    return year, form, filters


@login_required
def member_list(request):
    require_perm(request, "members.manage_members")
    year, form, filters = _filtered(request)
    # The members are counted, and only the page's read, in the organisations' order from its index (compiled
    # once when nothing is searched for: `queries.Listed`); their rows are written in Python (`rows.member_rows`).
    pager = paginate(request, queries.Listed(year, **filters), PAGE_SIZE)
    rows = list(pager["page"].object_list)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "year": year,
            **pager,
            "rows": rows,
            "rows_html": member_rows(rows, year),
            "pending": queries.pending_applications(),
        },
    )


def fee_label(member) -> str:
    if member.fee_tier:
        return str(member.fee_tier)
    if member.fee_agreement:
        return _("Special agreement")
    return ""


@login_required
def member_export(request):
    """What the list shows, as CSV for Norwegian Excel or XLSX."""
    require_perm(request, "members.manage_members")
    year, _form, filters = _filtered(request)
    members = queries.member_list(year=year, **filters)
    header = [
        _("Name"),
        _("Organisation number"),
        _("Field"),
        _("Municipality"),
        _("Joined"),
        _("Left"),
        _("Fee %(year)s") % {"year": year},
        _("Special agreement"),
        _("Paid"),
        _("KID"),
    ]
    rows = [
        [
            m.organisation.name,
            m.organisation.org_number,
            REPORT_FIELD_LABELS.get(m.field_code, "") if m.field_code else "",
            m.organisation.municipality,
            m.joined,
            m.left,
            m.fee_tier,
            m.fee_agreement,
            m.fee_paid,
            m.fee_kid,
        ]
        for m in members
    ]
    name = f"medlemmer-{year}"
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(rows, header=header, filename=f"{name}.xlsx", title=_("Members"))
    return exports.csv_response(rows, header=header, filename=f"{name}.csv", dialect=exports.NORWEGIAN_EXCEL)


def _render_detail(request, member: Member, year: int, *, fee_form=None, payment_form=None, status=200):
    # Each read below is compiled once (queries: a member's page).
    fees = queries.fees_of(member)
    this_year = next((f for f in fees if f.year == year), None)
    reached = queries.kept_reached(year).get(member.organisation_id, set())
    fee_form = fee_form or forms.FeeForm(
        year=year,
        initial={
            "tier": this_year.tier if this_year else None,
            "agreement": this_year.agreement if this_year else "",
        },
    )
    payment_form = payment_form or forms.PaymentForm(
        initial={"amount": this_year.outstanding if this_year else None, "booked_on": timezone.localdate()}
    )
    context = {
        "member": member,
        "organisation": member.organisation,
        "year": year,
        "fees": fees,
        "fee_form": fee_form,
        "this_year": this_year,
        "counts_this_year": member.counts_in(year),
        "payment_form": payment_form,
        "reached": sorted(str(REACHED_KIND_LABELS.get(kind, kind)) for kind in reached),
        "contacts": queries.contacts_of(member, year),
        "certification": queries.latest_certification(member.organisation_id),
        "admins": queries.admins_of(member.organisation_id),
        "after_cutoff": services.joined_after_cutoff(member, year),
        "history": latest_entries_for(member, 10),
    }
    return render(request, "members/detail.html", context, status=status)


@login_required
def member_detail(request, pk: int):
    member = _get_member_for_user(request, pk)
    return _render_detail(request, member, year_from(request))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = _get_member_for_user(request, pk)
    form = forms.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(member=member, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request):
    require_perm(request, "members.manage_members")
    form = forms.NewMemberForm(request.POST or None, initial={"joined": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            member = services.add_member(organisation=organisation, by=request.user, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is now a member.") % {"name": organisation.name})
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form})


@login_required
@require_POST
def set_fee(request, pk: int, year: int):
    """Invalid input shows the member's page again with the form as typed and the reason."""
    member = _get_member_for_user(request, pk)
    form = forms.FeeForm(request.POST, year=year)
    if form.is_valid():
        try:
            services.set_fee(member=member, year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The fee for %(year)s was saved.") % {"year": year})
            return redirect(f"{_detail_url(member)}?ar={year}")
    return _render_detail(request, member, year, fee_form=form, status=400)


@login_required
@require_POST
def record_payment(request, pk: int, year: int):
    member = _get_member_for_user(request, pk)
    fee = get_object_or_404(Fee, member=member, year=year)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(fee=fee, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect(f"{_detail_url(member)}?ar={year}")
    return _render_detail(request, member, year, payment_form=form, status=400)


def _detail_url(member) -> str:
    from django.urls import reverse

    return reverse("members:detail", args=[member.pk])


# Applications


@login_required
def application_list(request):
    require_perm(request, "members.manage_members")
    decided = Paginator(
        MembershipApplication.objects.exclude(state=ApplicationState.PENDING).select_related("decided_by"), 25
    ).get_page(request.GET.get("side"))
    return render(
        request,
        "members/applications.html",
        {
            "pending_html": stamps.kept(("members.pending_applications",), _pending_rows),
            "decided": decided,
            "decided_html": decided_application_rows(decided.object_list),
        },
    )


def _pending_rows() -> SafeString:
    """The applications waiting for a decision, oldest first, as the table's rows (written in Python, once per
    row); kept until a register changes (`balanse.core.stamps`): the waiting list is read by every view of the
    page and changes only with an application."""
    pending = MembershipApplication.objects.filter(state=ApplicationState.PENDING).select_related("field")
    return application_rows(pending.order_by("created"))


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk: int):
    require_perm(request, "members.manage_members")
    application = get_object_or_404(MembershipApplication.objects.select_related("field"), pk=pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = form.cleaned_data["message"]
        approve = request.POST.get("action") == "approve"
        try:
            if approve:
                member = services.approve_application(
                    application=application, by=request.user, message=message, base_url=base_url(request)
                )
            elif not message.strip():
                form.add_error("message", _("Write a message that tells the applicant why."))
            else:
                services.decline_application(application=application, by=request.user, message=message)
        except (services.ApplicationError, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            if approve:
                messages.success(
                    request,
                    _("%(name)s is now a member. An invitation was sent to %(email)s.")
                    % {"name": member.organisation.name, "email": application.contact_email},
                )
                return redirect("members:detail", pk=member.pk)
            if not form.errors:
                messages.success(request, _("The application was declined and the applicant told why."))
                return redirect("members:applications")
    existing = services.find_organisation(org_number=application.org_number, name=application.name)
    return render(
        request,
        "members/application.html",
        {
            "application": application,
            "form": form,
            "existing": existing,
            "existing_member": Member.objects.filter(organisation=existing).first() if existing else None,
        },
    )
