"""The certificate of completion: an A4, tagged PDF made with WeasyPrint."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation


def render_certificate(*, enrollment, version, request=None) -> bytes:
    from weasyprint import CSS, HTML

    with translation.override("nb"):
        html = render_to_string(
            "course/certificate.html", {"enrollment": enrollment, "version": version, "user": enrollment.user}
        )
    base = request.build_absolute_uri("/") if request else None
    stylesheet = CSS(filename=str(Path(__file__).parent / "static" / "course" / "css" / "certificate.css"))
    return HTML(string=html, base_url=base).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )
