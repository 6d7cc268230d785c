"""Finance lines of a year, typed or imported (the `finance` register), mapped to the report's lines, and the
fee income checked against the fee register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.report import forms, queries, services
from balanse.report.models import FinanceLine, FinanceMapping
from balanse.report.views.common import require_operator


def _page(request, year, form, mapping_form, status=200):
    lines = [(line, line.report_line_name) for line in queries.finance_lines([year], report_order=False)]
    figures = queries.annual_figures(year)
    return render(
        request,
        "report/finance.html",
        {
            "year": year,
            "lines": lines,
            "finance": figures["finance"],
            "expenses": sum(line.amount for line, _ in lines if line.amount < 0),
            "fee_check": queries.fee_income_check(year, figures),
            "form": form,
            "mapping_form": mapping_form,
            "mappings": FinanceMapping.objects.all(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance(request, year: int):
    require_operator(request, year)
    form = forms.FinanceLineForm(request.POST or None, year=year)
    if request.method == "POST":
        if form.is_valid():
            line = services.save_finance_line(line=form.save(commit=False), by=request.user)
            messages.success(request, _("The line “%(line)s” was added.") % {"line": line.line})
            return redirect("report:finance", year=year)
        return _page(request, year, form, forms.MappingForm(), status=400)
    return _page(request, year, form, forms.MappingForm())


@login_required
@require_POST
def delete_line(request, pk: int):
    require_operator(request)
    line = get_object_or_404(FinanceLine, pk=pk)
    services.delete_finance_line(line=line, by=request.user)
    messages.success(request, _("The line “%(line)s” was removed.") % {"line": line.line})
    return redirect("report:finance", year=line.year)


@login_required
@require_POST
def map_line(request, year: int):
    require_operator(request, year)
    form = forms.MappingForm(request.POST)
    if not form.is_valid():
        return _page(request, year, forms.FinanceLineForm(year=year), form, status=400)
    services.map_finance_line(by=request.user, **form.cleaned_data)
    messages.success(request, _("The mapping was saved."))
    return redirect("report:finance", year=year)
