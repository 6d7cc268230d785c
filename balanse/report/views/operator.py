"""The operator's annual report: figures with the year before, the texts per section, publish, downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.core import exports
from balanse.report import forms, queries, services
from balanse.report.content import build_figures
from balanse.report.exports import figures_csv as csv_text
from balanse.report.exports import figures_json as json_text
from balanse.report.models import AnnualReport, Section
from balanse.report.presentation import figures_context
from balanse.report.text import render_markdown
from balanse.report.views.common import require_operator


@login_required
def overview(request):
    require_operator(request)
    this_year = timezone.localdate().year
    reports = {report.year: report for report in AnnualReport.objects.all()}
    years = sorted(set(reports) | {this_year - 1, this_year}, reverse=True)
    return render(
        request,
        "report/overview.html",
        {"rows": [(year, reports.get(year)) for year in years]},
    )


def _figures(report: AnnualReport) -> dict:
    if report.is_published:
        return report.snapshot["figures"]
    return queries.annual_figures(report.year)


@login_required
def figures_json(request, year: int):
    require_operator(request, year)
    report = queries.report_of_year(year) or AnnualReport(year=year)
    response = HttpResponse(json_text(_figures(report)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tall-{year}.json"'
    return response


@login_required
def figures_csv(request, year: int):
    require_operator(request, year)
    report = queries.report_of_year(year) or AnnualReport(year=year)
    response = HttpResponse(
        csv_text(_figures(report), dialect=exports.NORWEGIAN_EXCEL).encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="tall-{year}.csv"'
    return response


def _text_forms(report: AnnualReport, bound: forms.SectionTextForm | None = None) -> list[dict]:
    """Each section with its two text forms' fields (Norwegian and English). The forms not being edited are
    written from one rendering of the form (`forms.section_text_fields`) instead of being made one by one; the
    form sent back (an error, a preview) is itself."""
    stored = {(t.section, t.language): t.body for t in queries.section_texts(report)} if report.pk else {}
    bound_key = (bound.data.get("section"), bound.data.get("language")) if bound is not None else None
    languages_of = (("nb", _("Norwegian")), ("en", _("English")))
    rows = []
    for section in Section:
        languages = []
        for language, label in languages_of:
            body = stored.get((section, language), "")
            if bound_key == (section, language):
                fields = forms.form_fields_html(bound)
            else:
                fields = forms.section_text_fields(section=section.value, language=language, body=body)
            languages.append({"code": language, "label": label, "fields": fields, "has_text": bool(body)})
        rows.append({"section": section.value, "label": section.label, "languages": languages})
    return rows


@login_required
def edit(request, year: int, bound=None, preview=None, status=200):
    require_operator(request, year)
    report = queries.report_of_year(year) or AnnualReport(year=year)
    # The page shows the key figures, not the whole report (the public page does): a draft reads the figures only.
    content = report.snapshot if report.is_published else build_figures(year)
    context = figures_context(content) | {
        "report": report,
        "text_forms": [] if report.is_published else _text_forms(report, bound),
        "preview": preview,
        "fee_check": content.get("fee_check"),
    }
    return render(request, "report/edit.html", context, status=status)


@login_required
@require_POST
def save_text(request, year: int):
    require_operator(request, year)
    section, language = request.POST.get("section", ""), request.POST.get("language", "")
    form = forms.SectionTextForm(
        request.POST, prefix=f"{section}-{language}" if section and language else None
    )
    if not form.is_valid():
        messages.error(request, _("The text could not be saved. See the message by the field."))
        return edit(request, year, bound=form, status=400)
    data = form.cleaned_data
    if "preview" in request.POST:
        return edit(
            request,
            year,
            bound=form,
            preview={
                "section": data["section"],
                "language": data["language"],
                "html": render_markdown(data["body"]),
            },
        )
    report = services.get_report(year)
    try:
        services.save_section_text(
            report=report,
            section=data["section"],
            language=data["language"],
            body=data["body"],
            by=request.user,
        )
    except services.ReportError:
        messages.error(request, _("The report is published and can no longer be changed."))
        return redirect("report:edit", year=year)
    messages.success(request, _("The text was saved."))
    return redirect(f"{reverse('report:edit', args=[year])}#text-{data['section']}")


@login_required
@require_POST
def publish(request, year: int):
    require_operator(request, year)
    report = services.get_report(year)
    try:
        services.publish_report(report=report, by=request.user)
    except services.ReportError:
        messages.error(request, _("The report is already published."))
    else:
        messages.success(request, _("The annual report %(year)s is published.") % {"year": year})
    return redirect("report:edit", year=year)


@login_required
@require_POST
def unpublish(request, year: int):
    require_operator(request, year)
    report = AnnualReport.objects.filter(year=year).first()
    if report is not None and report.is_published:
        services.unpublish_report(report=report, by=request.user)
        messages.success(request, _("The report is a draft again; the figures are read from the registers."))
    return redirect("report:edit", year=year)
