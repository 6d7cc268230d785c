"""{% proof_downloads certification %}: the diploma, badge and credential links of a mark (and, for the
organisation admin, the copy-paste badge snippet)."""

from django import template
from django.urls import reverse

from balanse.certification import proof

register = template.Library()


@register.inclusion_tag("certification/_proof.html")
def proof_downloads(certification, snippet: bool = False):
    if certification is None or not certification.certificate_number:
        return {"show": False}
    number = certification.certificate_number
    status = certification.public_status()
    period = proof.current_period(certification)
    return {
        "show": period is not None,
        "valid": status == "valid",
        "not_yet_valid": status == "not_yet_valid",
        "valid_from": certification.valid_from,
        "certification": certification,
        "period_label": proof.period_label(period),
        "diploma_url": reverse("certification:diploma", args=[number]),
        "badge_url": reverse("certification:badge", args=[number]),
        "credential_url": reverse("certification:credential", args=[number]),
        "issuer_url": reverse("certification:issuer"),
        "snippet": proof.badge_snippet(certification) if snippet and status == "valid" else "",
    }
