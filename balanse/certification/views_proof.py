"""Public proof of the mark: diploma, badge, credential, issuer profile and status list.

All of these are public on purpose: the verification page they belong to is public, and anyone who is
shown a mark must be able to check it. A diploma is only served while the mark is valid."""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from balanse.certification import credentials, proof
from balanse.certification.models import Certification

JSON_LD = "application/ld+json"


def _mark(certificate_number: str) -> Certification:
    certification = get_object_or_404(
        Certification.objects.select_related("organisation"), certificate_number=certificate_number
    )
    if not certification.certificate_number:  # pragma: no cover - the lookup excludes it
        raise Http404
    return certification


def _json(document: dict, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=f"{JSON_LD}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@cache_control(max_age=3600, public=True)
def issuer(request):
    return _json(credentials.issuer_profile())


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request):
    return _json(credentials.status_list_credential())


@require_GET
@cache_control(no_cache=True)
def credential(request, certificate_number: str):
    certification = _mark(certificate_number)
    document = credentials.issue_credential(certification)
    if document is None:
        raise Http404
    download = request.GET.get("last-ned") == "1"
    return _json(document, filename=f"balansemerket-{certificate_number}.json" if download else None)


@require_GET
@cache_control(max_age=300, public=True)
def badge(request, certificate_number: str):
    certification = _mark(certificate_number)
    svg = proof.badge_svg(certification, status=certification.public_status())
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.GET.get("last-ned") == "1":
        response["Content-Disposition"] = f'attachment; filename="balansemerket-{certificate_number}.svg"'
    return response


@require_GET
@cache_control(no_cache=True)
def diploma(request, certificate_number: str):
    certification = _mark(certificate_number)
    if certification.public_status() != "valid":
        raise Http404
    language = request.LANGUAGE_CODE or "nb"
    # Rendering takes ~0.1 s of CPU: keep each diploma for a day, keyed by everything it shows.
    key = (
        "certification:diploma:"
        + hashlib.sha256(
            repr(
                (
                    certification.pk,
                    certification.certificate_number,
                    certification.version,
                    certification.organisation.name,
                    language,
                    settings.SITE_URL,
                    timezone.localdate().isoformat(),
                )
            ).encode()
        ).hexdigest()
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = proof.diploma_pdf(certification, language=language)
        cache.set(key, pdf, 60 * 60 * 24)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="balansemerket-{certificate_number}.pdf"'
    return response
