"""The operator's communication log: the list with filters, adding and editing entries, and the year's figures
with supplementary counts and key figures."""

from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.communication import forms, queries, rows, services
from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core.form_fields import year_from
from balanse.core.views_helpers import paginate, require_perm

PAGE_SIZE = 50
PERM = "communication.manage_communication"


def _figures_url(year: int) -> str:
    return f"{reverse('communication:figures')}?ar={year}"


@login_required
def entry_list(request):
    require_perm(request, PERM)
    year = year_from(request)
    filters = {}
    if request.GET:
        form = forms.EntryFilterForm(request.GET)
        if form.is_valid():
            filters = {"type": form.cleaned_data["type"], "q": form.cleaned_data["q"]}
    else:
        form = _blank_filter_form(get_language())
    listed = paginate(request, queries.list_rows(year=year, **filters), PAGE_SIZE)
    return render(
        request,
        "communication/list.html",
        {"form": form, "year": year, **listed, "rows_html": rows.entry_rows(listed["page"].object_list)},
    )


@lru_cache(maxsize=16)
def _blank_filter_form(language: str | None) -> SafeString:
    """The markup of the log's filter form when nothing is asked, in `language`, written once per process; the
    same as the form's own, tests/communication hold it so."""
    return SafeString(str(forms.EntryFilterForm()))


@login_required
@require_http_methods(["GET", "POST"])
def entry_add(request):
    require_perm(request, PERM)
    form = forms.EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = services.save_entry(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The entry was added."))
        return redirect(f"{reverse('communication:list')}?ar={entry.date.year}")
    return render(request, "communication/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    require_perm(request, PERM)
    entry = get_object_or_404(Entry, pk=pk)
    form = forms.EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = services.save_entry(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The entry was saved."))
        return redirect(f"{reverse('communication:list')}?ar={entry.date.year}")
    return render(request, "communication/form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def entry_delete(request, pk: int):
    require_perm(request, PERM)
    entry = get_object_or_404(Entry, pk=pk)
    year = entry.date.year
    services.delete_entry(entry=entry, by=request.user)
    messages.success(request, _("The entry was deleted."))
    return redirect(f"{reverse('communication:list')}?ar={year}")


@lru_cache(maxsize=64)
def _blank_forms(year: int, language: str | None) -> tuple[SafeString, SafeString]:
    """The markup of the figures page's two empty forms (a total, a key figure) for `year` in `language`, written
    once per process (the form renderer took about a third of the page's time); the same markup as the forms'
    own, tests/communication hold it so."""
    return (
        SafeString(str(forms.SupplementaryCountForm(initial={"year": year}, prefix="total"))),
        SafeString(str(forms.KeyFigureForm(initial={"year": year}, prefix="figure"))),
    )


def _render_figures(request, year: int, *, supplement_form=None, key_figure_form=None):
    page = queries.figures_page(year)
    blank_supplement, blank_key_figure = _blank_forms(year, get_language())
    return render(
        request,
        "communication/figures.html",
        {
            "year": year,
            "figures": page["figures"],
            "by_type": [(label, page["by_type"][value]) for value, label in EntryType.choices],
            "supplements": page["supplements"],
            "supplements_html": rows.supplement_items(page["supplements"], get_token(request)),
            "key_figures": page["key_figures"],
            "key_figures_html": rows.key_figure_items(page["key_figures"]),
            "supplement_form": supplement_form or blank_supplement,
            "key_figure_form": key_figure_form or blank_key_figure,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def figures(request):
    """The year's figures; POST adds a key figure."""
    require_perm(request, PERM)
    year = year_from(request)
    if request.method == "POST":
        form = forms.KeyFigureForm(request.POST, prefix="figure")
        if form.is_valid():
            figure = services.save_key_figure(figure=form.save(commit=False), by=request.user)
            messages.success(request, _("The key figure was added."))
            return redirect(_figures_url(figure.year))
        return _render_figures(request, year, key_figure_form=form)
    return _render_figures(request, year)


@login_required
@require_POST
def supplement_add(request):
    require_perm(request, PERM)
    form = forms.SupplementaryCountForm(request.POST, prefix="total")
    if form.is_valid():
        count = services.save_supplementary(count=form.save(commit=False), by=request.user)
        messages.success(request, _("The total was added."))
        return redirect(_figures_url(count.year))
    return _render_figures(request, year_from(request), supplement_form=form)


@login_required
@require_POST
def supplement_delete(request, pk: int):
    require_perm(request, PERM)
    count = get_object_or_404(SupplementaryCount, pk=pk)
    services.delete_supplementary(count=count, by=request.user)
    messages.success(request, _("The total was deleted."))
    return redirect(_figures_url(count.year))


@login_required
@require_http_methods(["GET", "POST"])
def key_figure_edit(request, pk: int):
    require_perm(request, PERM)
    figure = get_object_or_404(KeyFigure, pk=pk)
    form = forms.KeyFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        figure = services.save_key_figure(figure=form.save(commit=False), by=request.user)
        messages.success(request, _("The key figure was saved."))
        return redirect(_figures_url(figure.year))
    return render(request, "communication/key_figure_form.html", {"form": form, "figure": figure})


@login_required
@require_POST
def key_figure_delete(request, pk: int):
    require_perm(request, PERM)
    figure = get_object_or_404(KeyFigure, pk=pk)
    services.delete_key_figure(figure=figure, by=request.user)
    messages.success(request, _("The key figure was deleted."))
    return redirect(_figures_url(figure.year))
