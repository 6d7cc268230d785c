"""The certificate of completion: an A4, tagged PDF made with WeasyPrint."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from balanse.core.pdf import html_to_pdf


def render_certificate(*, enrollment, version, request=None) -> bytes:
    with translation.override("nb"):
        html = render_to_string(
            "course/certificate.html", {"enrollment": enrollment, "version": version, "user": enrollment.user}
        )
    base = request.build_absolute_uri("/") if request else None
    stylesheet = Path(__file__).parent / "static" / "course" / "css" / "certificate.css"
    return html_to_pdf(html, stylesheets=[stylesheet], base_url=base)
