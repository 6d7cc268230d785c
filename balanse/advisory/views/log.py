"""The inquiry log: the adviser's list, form and inquiry page; the counts for other operators; the advisers."""

from datetime import date
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from markupsafe import escape

from balanse.advisory import forms, queries, rows, services
from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic
from balanse.core import compiled
from balanse.core.views_helpers import Counted, paginate, require_perm

PAGE_SIZE = 50


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1900 <= year <= 2200 else timezone.localdate().year


def _get_inquiry_for_user(request, pk: int) -> Inquiry:
    require_perm(request, "advisory.view_inquiries")
    inquiry = compiled.instance(
        "advisory.inquiry",
        Inquiry,
        lambda pk: Inquiry.objects.filter(pk=pk),
        related=("field", "created_by"),
        pk=pk,
    )
    if inquiry is None:
        raise Http404
    return inquiry


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
    tables = _tables(data)
    context = {
        "year": year,
        "figures": data,
        "tables": tables,
        "tables_html": rows.figure_tables(tables),
        "adviser": adviser,
    }
    if adviser:  # the figures are not suppressed: they have the number of the year's inquiries
        listed = Counted(queries.page_rows(year), data["inquiries"])
        context.update(paginate(request, listed, PAGE_SIZE))  # its page links keep the year (?ar=)
        context["rows_html"] = rows.inquiry_rows(context["page"].object_list)
    return render(request, "advisory/overview.html", context)


@lru_cache(maxsize=16)
def _blank_inquiry_form(today: date, language: str | None, art_fields: tuple) -> SafeString:
    """The markup of the empty inquiry form (dated `today`) in `language`, written once per process for the art
    fields it offers (`art_fields`: their rows, in the form's order; the form reads them itself here): the form
    renderer took about half of the page's time. The same markup as the form's own; tests/advisory hold it so."""
    return SafeString(str(forms.InquiryForm(initial={"date": today})))


def _art_fields() -> tuple:
    """The rows of the art fields the inquiry form offers (the form's own queryset), read in a query compiled once
    per process: what its empty form's markup is kept for."""
    return tuple(
        compiled.rows(
            "advisory.form_art_fields",
            lambda: forms.InquiryForm.base_fields["field"].queryset.values_list("pk", "code"),
        )
    )


# Written where the notes go in the edit form's markup kept per inquiry (`_edit_form`): letters only, which no
# escaping changes, and no word a form writes.
_NOTES_STAND_IN = "NotesStandInQx7Zk"
# What an inquiry's edit form shows of it, besides its notes.
_EDITED = ("pk", "date", "channel", "topic", "caller_role", "field_id", "help_given", "follow_up", "ref")


@lru_cache(maxsize=256)
def _edit_form_markup(
    language: str | None, art_fields: tuple, values: tuple, notes_deleted_at, notes_disabled: bool
) -> str:
    """The markup of the edit form of an inquiry of `values` (pairs of `_EDITED` and the inquiry's values, the
    help given as a tuple) in `language`, with `_NOTES_STAND_IN` for its notes, written once per process (the
    notes are not kept). `art_fields`: the art fields the form offers (the form reads them itself here)."""
    found = dict(values)
    found["help_given"] = list(found["help_given"])
    form = forms.InquiryForm(
        instance=Inquiry(**found, notes_deleted_at=notes_deleted_at), notes=_NOTES_STAND_IN
    )
    if notes_disabled:
        form.fields["notes"].disabled = True
    return str(form)


def _edit_form(inquiry: Inquiry, notes: str, *, notes_disabled: bool) -> SafeString:
    """The empty-handed (GET) edit form of `inquiry` holding `notes`, as `str(InquiryForm(instance=inquiry,
    notes=notes))` writes it (with the notes field disabled if `notes_disabled`): its markup is kept per the
    inquiry's values and language (`_edit_form_markup`; the form renderer took some 40 % of the page), and the
    notes, escaped as the form's textarea escapes them, put in place of the stand-in. Tests hold the two equal."""
    values = tuple(
        (name, tuple(value) if isinstance(value := getattr(inquiry, name), list) else value)
        for name in _EDITED
    )
    try:
        markup = _edit_form_markup(
            get_language(), _art_fields(), values, inquiry.notes_deleted_at, notes_disabled
        )
    except TypeError:  # help given that is not a list of codes (unhashable): the form writes it itself
        form = forms.InquiryForm(instance=inquiry, notes=notes)
        form.fields["notes"].disabled = form.fields["notes"].disabled or notes_disabled
        return SafeString(str(form))
    return SafeString(markup.replace(_NOTES_STAND_IN, str(escape(notes))))


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_new(request):
    require_perm(request, "advisory.log_inquiry")
    if request.method != "POST":
        form = _blank_inquiry_form(timezone.localdate(), get_language(), _art_fields())
        return render(request, "advisory/inquiry_form.html", {"form": form})
    form = forms.InquiryForm(request.POST or None, initial={"date": timezone.localdate()})
    if form.is_valid():
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
    if request.method != "POST":
        return render(
            request,
            "advisory/inquiry_form.html",
            {
                "form": _edit_form(inquiry, notes, notes_disabled=bool(key_error)),
                "inquiry": inquiry,
                "key_error": key_error,
            },
        )
    form = forms.InquiryForm(request.POST or None, instance=inquiry, notes=notes)
    if key_error:
        form.fields["notes"].disabled = True
    if form.is_valid():
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
