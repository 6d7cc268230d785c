"""The inquiry log: the adviser's list, form and inquiry page; the counts for other operators; the advisers."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.advisory import forms, queries, services
from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic
from balanse.core.views_helpers import require_perm

PAGE_SIZE = 50


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1900 <= year <= 2200 else timezone.localdate().year


def _get_inquiry_for_user(request, pk: int) -> Inquiry:
    require_perm(request, "advisory.view_inquiries")
    return get_object_or_404(Inquiry.objects.select_related("field", "created_by"), pk=pk)


def _tables(data: dict) -> list[dict]:
    labels = {
        "by_topic": (_("By topic"), dict(Topic.choices)),
        "by_channel": (_("By channel"), dict(Channel.choices)),
        "by_role": (_("Who got in touch"), {**dict(CallerRole.choices), "": _("not recorded")}),
        "by_help": (_("Help given"), dict(Help.choices)),
    }
    return [
        {
            "key": key,
            "title": title,
            "rows": [(names.get(code, code), value) for code, value in data[key].items()],
        }
        for key, (title, names) in labels.items()
    ]


@login_required
def overview(request):
    require_perm(request, "advisory.view_counts")
    year = _year(request)
    adviser = request.user.has_perm("advisory.view_inquiries")
    data = queries.figures(year, suppressed=not adviser)
    context = {"year": year, "figures": data, "tables": _tables(data), "adviser": adviser}
    if adviser:
        rows = Inquiry.objects.filter(date__year=year).select_related("field").order_by("-date", "-pk")
        context["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "advisory/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_new(request):
    require_perm(request, "advisory.log_inquiry")
    form = forms.InquiryForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = services.log_inquiry(
                data=form.data_for_service(), notes=form.cleaned_data["notes"], by=request.user
            )
        except services.NotesKeyError as exc:
            form.add_error("notes", str(exc))
        else:
            messages.success(request, _("The inquiry is logged."))
            return redirect("advisory:inquiry", pk=inquiry.pk)
    return render(request, "advisory/inquiry_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def inquiry_detail(request, pk: int):
    inquiry = _get_inquiry_for_user(request, pk)
    notes, key_error = "", ""
    try:
        notes = services.open_inquiry(inquiry=inquiry, by=request.user)
    except services.NotesKeyError as exc:
        key_error = str(exc)
    return render(
        request, "advisory/inquiry.html", {"inquiry": inquiry, "notes": notes, "key_error": key_error}
    )


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_edit(request, pk: int):
    inquiry = _get_inquiry_for_user(request, pk)
    key_error = ""
    notes = ""
    try:
        notes = services.open_inquiry(inquiry=inquiry, by=request.user)
    except services.NotesKeyError as exc:
        key_error = str(exc)
    form = forms.InquiryForm(request.POST or None, instance=inquiry, notes=notes)
    if key_error:
        form.fields["notes"].disabled = True
    if request.method == "POST" and form.is_valid():
        keep = form.fields["notes"].disabled or "notes" not in form.changed_data
        try:
            services.update_inquiry(
                inquiry=inquiry,
                data=form.data_for_service(),
                notes=None if keep else form.cleaned_data["notes"],
                by=request.user,
            )
        except (services.NotesKeyError, services.AdvisoryError) as exc:
            form.add_error("notes", str(exc))
        else:
            messages.success(request, _("The inquiry is saved."))
            return redirect("advisory:inquiry", pk=inquiry.pk)
    return render(
        request,
        "advisory/inquiry_form.html",
        {"form": form, "inquiry": inquiry, "key_error": key_error},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def advisers(request):
    require_perm(request, "advisory.manage_advisers")
    form = forms.AdviserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error("email", _("Nobody has an account with this e-mail address."))
        else:
            try:
                services.grant_adviser_role(user=user, by=request.user)
            except services.AdvisoryError as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(request, _("%(name)s now answers the advisory line.") % {"name": user})
                return redirect("advisory:advisers")
    return render(
        request,
        "advisory/advisers.html",
        {"form": form, "advisers": services.advisers()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def adviser_remove(request, pk: int):
    require_perm(request, "advisory.manage_advisers")
    user = get_object_or_404(services.advisers(), pk=pk)
    if user == request.user and not request.user.is_superuser:
        raise PermissionDenied
    services.revoke_adviser_role(user=user, by=request.user)
    messages.success(request, _("%(name)s no longer answers the advisory line.") % {"name": user})
    return redirect("advisory:advisers")
