"""The operator's activity register: the list with filters and export, adding and editing, the types, and the
year's figures with its supplementary entries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.activities import forms, queries, services
from balanse.activities.models import Activity, ActivityType, SupplementaryEntry
from balanse.activities.views import rows
from balanse.core import exports, stamps
from balanse.core.form_fields import year_from
from balanse.core.views_helpers import paginate, require_perm

PAGE_SIZE = 50
PERM = "activities.manage_activities"
FILTERS = ("type", "place", "digital", "organiser", "q")


def _get_activity_for_user(request, pk: int) -> Activity:
    require_perm(request, PERM)
    return get_object_or_404(Activity.objects.select_related("type"), pk=pk)


def _filters(request):
    """The year, the filter form and the filters it gives (none when the form is not valid)."""
    year = year_from(request)
    form = forms.ActivityFilterForm(request.GET or None, places=queries.places())
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if k in FILTERS and v}
    return year, form, filters


def _filtered(request):
    year, form, filters = _filters(request)
    return year, form, queries.activity_list(year=year, **filters)


@login_required
def activity_list(request):
    require_perm(request, PERM)
    # What is kept until a register changes (the filter's places and types, the year's list and its page's
    # rows) under one read of the stamp: the page only reads.
    with stamps.one_stamp():
        year, form, filters = _filters(request)
        if filters:
            shown = paginate(request, queries.listed(queries.activity_list(year=year, **filters)), PAGE_SIZE)
        else:
            shown = paginate(request, queries.year_list(year), PAGE_SIZE)
        return render(
            request,
            "activities/list.html",
            {"form": form, "year": year, **shown, "rows_html": rows.list_rows(shown["page"].object_list)},
        )


@login_required
def activity_export(request):
    """What the list shows, as CSV for Norwegian Excel or XLSX."""
    require_perm(request, PERM)
    year, _form, activities = _filtered(request)
    header = [
        _("Date"),
        _("Title"),
        _("Type"),
        _("Place"),
        _("Digital"),
        _("Streamed"),
        _("Participants"),
        _("Streaming audience"),
        _("Organisers and partners"),
        _("Member organisations"),
        _("Topics"),
        _("Held by"),
        _("Public"),
    ]
    yes, no = _("yes"), _("no")
    rows = [
        [
            a.date,
            a.title,
            a.type.name,
            a.place,
            yes if a.digital else no,
            yes if a.streamed else no,
            a.participants,
            a.streaming_audience,
            a.organiser_names,
            " | ".join(o.name for o in a.organisers.all()),
            a.topics,
            a.held_by,
            yes if a.public else no,
        ]
        for a in activities
    ]
    name = f"aktiviteter-{year}"
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(rows, header=header, filename=f"{name}.xlsx", title=_("Activities"))
    return exports.csv_response(rows, header=header, filename=f"{name}.csv", dialect=exports.NORWEGIAN_EXCEL)


def _save(request, form, activity: Activity):
    try:
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return services.save_activity(activity=activity, by=request.user, data=data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request):
    require_perm(request, PERM)
    form = forms.ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = _save(request, form, Activity())
        if activity:
            messages.success(request, _("The activity was added."))
            return redirect("activities:edit", pk=activity.pk)
    return render(request, "activities/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    require_perm(request, PERM)
    activity = queries.activity(pk)
    if activity is None:
        raise Http404
    form = forms.ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, Activity.objects.get(pk=activity.pk))
        if saved:
            messages.success(request, _("The activity was saved."))
            return redirect("activities:edit", pk=saved.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "activity": activity, **queries.activity_page(activity)},
    )


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity = _get_activity_for_user(request, pk)
    year = activity.date.year
    services.delete_activity(activity=activity, by=request.user)
    messages.success(request, _("The activity was deleted."))
    return redirect(f"{redirect('activities:list').url}?ar={year}")


@login_required
@require_http_methods(["GET", "POST"])
def type_list(request):
    require_perm(request, PERM)
    form = forms.ActivityTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_type(activity_type=form.save(commit=False), by=request.user)
        messages.success(request, _("The type was added."))
        return redirect("activities:types")
    return render(request, "activities/types.html", {"form": form, "types": queries.types()})


@login_required
@require_http_methods(["GET", "POST"])
def type_edit(request, pk: int):
    require_perm(request, PERM)
    activity_type = get_object_or_404(ActivityType, pk=pk)
    form = forms.ActivityTypeForm(request.POST or None, instance=activity_type)
    if request.method == "POST" and form.is_valid():
        services.save_type(activity_type=form.save(commit=False), by=request.user)
        messages.success(request, _("The type was saved."))
        return redirect("activities:types")
    return render(request, "activities/type_form.html", {"form": form, "activity_type": activity_type})


@login_required
@require_http_methods(["GET", "POST"])
def figures(request):
    """The year's figures as BACK-OFFICE.md defines them, and the supplementary entries that add to them."""
    require_perm(request, PERM)
    year = year_from(request)
    form = forms.SupplementaryEntryForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        entry = services.save_supplementary(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The supplementary entry was added."))
        return redirect(f"{request.path}?ar={entry.year}")
    section = queries.annual_figures(year)["activities"]
    labels = queries.type_labels()
    return render(
        request,
        "activities/figures.html",
        {
            "year": year,
            "figures": section,
            "by_type": [(labels.get(name, name), count) for name, count in section["by_type"].items()],
            "entries": queries.supplementary_entries(year),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplement_edit(request, pk: int):
    require_perm(request, PERM)
    entry = get_object_or_404(SupplementaryEntry, pk=pk)
    form = forms.SupplementaryEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = services.save_supplementary(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The supplementary entry was saved."))
        return redirect(f"{redirect('activities:figures').url}?ar={entry.year}")
    return render(request, "activities/supplement_form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def supplement_delete(request, pk: int):
    require_perm(request, PERM)
    entry = get_object_or_404(SupplementaryEntry, pk=pk)
    year = entry.year
    services.delete_supplementary(entry=entry, by=request.user)
    messages.success(request, _("The supplementary entry was deleted."))
    return redirect(f"{redirect('activities:figures').url}?ar={year}")
