"""One way to make a PDF: HTML rendered by WeasyPrint as a tagged, accessible PDF (PDF/UA-1).

Stylesheets are files (never inline `<style>`), so the same templates pass the CSP checks.
"""

from pathlib import Path


def html_to_pdf(html: str, *, stylesheets: list[str | Path] = (), base_url: str | None = None) -> bytes:
    """Render `html` to PDF/UA-1 (tagged). `stylesheets` are CSS file paths."""
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=base_url)
    css = [CSS(filename=str(path)) for path in stylesheets]
    try:
        return document.write_pdf(stylesheets=css, pdf_variant="pdf/ua-1")
    except Exception:  # noqa: BLE001 - a WeasyPrint without the PDF/UA variant: still a tagged PDF
        return document.write_pdf(stylesheets=css, pdf_tags=True)
