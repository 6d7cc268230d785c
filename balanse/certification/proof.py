"""Proof of the mark for people: the diploma (PDF with a QR code), the badge (SVG) and its HTML snippet."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from balanse.certification import credentials
from balanse.core.pdf import html_to_pdf

QR_ERROR_LEVEL = "m"


def qr_target(certification) -> str:
    """The URL the diploma's QR code encodes: the absolute URL of the mark's verification page."""
    return credentials.verify_url(certification.certificate_number)


def qr_svg_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error=QR_ERROR_LEVEL).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def period_label(period) -> str:
    """“2026–2027”: the years the period spans."""
    if period is None:
        return ""
    if period.valid_from.year == period.valid_until.year:
        return str(period.valid_from.year)
    return f"{period.valid_from.year}–{period.valid_until.year}"


def current_period(certification):
    return credentials.period_for(certification)


def diploma_pdf(certification, *, language: str = "nb") -> bytes:
    """The diploma as a tagged A4 PDF (PDF/UA-1, falling back to plain tags if the variant fails)."""

    period = current_period(certification)
    url = qr_target(certification)
    with translation.override(language):
        html = render_to_string(
            "certification/diploma.html",
            {
                "certification": certification,
                "organisation": certification.organisation,
                "period": period,
                "period_label": period_label(period),
                "verify_url": url,
                "qr": qr_svg_data_uri(url),
                "lang": language,
            },
        )
    return html_to_pdf(
        html, stylesheets=[finders.find("certification/css/diploma.css")], base_url=str(settings.BASE_DIR)
    )


def badge_svg(certification, *, status: str) -> str:
    period = current_period(certification)
    organisation = certification.organisation
    label = period_label(period)
    if status == "valid":
        line = _("Balansemerket %(period)s") % {"period": label}
    elif status == "not_yet_valid":
        line = _("Balansemerket: not valid yet")
    elif status == "withdrawn":
        line = _("Balansemerket: withdrawn")
    else:
        line = _("Balansemerket: expired")
    return render_to_string(
        "certification/badge.svg",
        {
            "status": status,
            "line": line,
            "organisation": organisation,
            "name_line": organisation.name if len(organisation.name) <= 32 else organisation.name[:30] + "…",
            "title": f"{line}: {organisation.name}",
            "number": certification.certificate_number,
            "lang": translation.get_language() or "nb",
        },
    )


BADGE_WIDTH, BADGE_HEIGHT = 300, 96


def badge_snippet(certification) -> str:
    """The copy-paste HTML an organisation puts on its website."""
    period = current_period(certification)
    verify = qr_target(certification)
    badge = credentials.badge_url(certification.certificate_number)
    alt = _("Balansemerket %(period)s: %(organisation)s. Check that the mark is valid.") % {
        "period": period_label(period),
        "organisation": certification.organisation.name,
    }
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
        verify,
        badge,
        alt,
        BADGE_WIDTH,
        BADGE_HEIGHT,
    )
