"""The published annual report: a page for everyone, and its PDF. The staff see a draft here too."""

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from balanse.core.kept_pages import kept_public_page
from balanse.report import queries
from balanse.report.content import draft_content
from balanse.report.models import AnnualReport, ReportState
from balanse.report.pdf import report_pdf_bytes
from balanse.report.presentation import page_context
from balanse.report.views.common import check_year


def _content_for(request, year: int) -> tuple[dict, AnnualReport | None]:
    check_year(year)
    report = queries.report_of_year(year)
    if report is not None and report.is_published:
        return report.snapshot, report
    if request.user.is_authenticated and request.user.has_perm("report.manage_report"):
        return draft_content(year, report=report), report
    raise Http404


@kept_public_page
def published_list(request):
    reports = AnnualReport.objects.filter(state=ReportState.PUBLISHED).order_by("-year")
    return render(request, "report/public/list.html", {"reports": reports})


@kept_public_page
def report_page(request, year: int):
    content, report = _content_for(request, year)
    context = page_context(content) | {"report": report, "draft": not (report and report.is_published)}
    return render(request, "report/public/report.html", context)


PDF_CACHE_SECONDS = 7 * 24 * 3600


def report_pdf(request, year: int):
    """A published report's PDF is made once per language and kept in the cache (its content never changes);
    a draft's is made every time."""
    content, report = _content_for(request, year)
    draft = not (report and report.is_published)
    if draft:
        pdf = report_pdf_bytes(content, draft=True)
    else:
        key = f"report:pdf:{year}:{report.published_at.timestamp()}:{get_language()}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = report_pdf_bytes(content)
            cache.set(key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="arsrapport-{year}.pdf"'
    return response
