"""Board and staff of a year: the people per body, gender balance, FTE and sick leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.report import forms, queries, services
from balanse.report.models import Position, YearFacts
from balanse.report.views.common import require_operator


def _page(request, year: int, form, facts_form, status=200, facts: YearFacts | None = None):
    """`facts`: the year's facts as saved (None: read them here), not a form's instance (a bound form changes
    its instance with what was sent)."""
    # The year's positions, read once: the bodies, the gender balance and the figures are made from them.
    positions = queries.positions_of_year(year)
    if facts is None:
        facts = queries.year_facts(year)
    return render(
        request,
        "report/board.html",
        {
            "year": year,
            "bodies": queries.bodies(year, positions),
            "balance": queries.gender_balance(year, positions),
            "figures": queries.board_figures_of(positions, facts if facts and facts.pk else None),
            "form": form,
            "facts_form": facts_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def board(request, year: int):
    require_operator(request, year)
    form = forms.PositionForm(request.POST or None, year=year)
    facts = queries.year_facts(year) or YearFacts(year=year)
    if request.method == "POST":
        if form.is_valid():
            position = form.save(commit=False)
            services.save_position(position=position, by=request.user)
            messages.success(request, _("%(name)s was added.") % {"name": position.name})
            return redirect("report:board", year=year)
        return _page(request, year, form, forms.YearFactsForm(instance=facts), status=400, facts=facts)
    return _page(request, year, form, forms.YearFactsForm(instance=facts), facts=facts)


@login_required
@require_POST
def save_facts(request, year: int):
    require_operator(request, year)
    facts = queries.year_facts(year) or YearFacts(year=year)
    form = forms.YearFactsForm(request.POST, instance=facts)
    if not form.is_valid():
        return _page(request, year, forms.PositionForm(year=year), form, status=400)
    services.save_year_facts(year=year, by=request.user, **form.cleaned_data)
    messages.success(request, _("The facts of %(year)s were saved.") % {"year": year})
    return redirect("report:board", year=year)


@login_required
@require_http_methods(["GET", "POST"])
def edit_position(request, pk: int):
    require_operator(request)
    position = get_object_or_404(Position, pk=pk)
    form = forms.PositionForm(request.POST or None, instance=position, year=position.year)
    if request.method == "POST" and form.is_valid():
        services.save_position(position=form.save(commit=False), by=request.user)
        messages.success(request, _("The changes were saved."))
        return redirect("report:board", year=position.year)
    return render(
        request,
        "report/position_form.html",
        {"form": form, "position": position, "year": position.year},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def delete_position(request, pk: int):
    require_operator(request)
    position = get_object_or_404(Position, pk=pk)
    year = position.year
    services.delete_position(position=position, by=request.user)
    messages.success(
        request, _("%(name)s was removed from %(year)s.") % {"name": position.name, "year": year}
    )
    return redirect("report:board", year=year)
