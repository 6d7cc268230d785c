"""The annual report as a tagged PDF (A4, PDF/UA-1 through core's helper) with a table of contents."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language

from balanse.report.presentation import page_context

STYLESHEET = Path(__file__).resolve().parent / "static" / "report" / "css" / "report-pdf.css"


def report_html(content: dict, *, draft: bool = False) -> str:
    context = page_context(content) | {"draft": draft, "LANGUAGE_CODE": get_language() or "nb"}
    return render_to_string("report/pdf.html", context)


def report_pdf_bytes(content: dict, *, draft: bool = False) -> bytes:
    from balanse.core.pdf import html_to_pdf

    return html_to_pdf(report_html(content, draft=draft), stylesheets=[STYLESHEET])
