"""Public proof of the mark: diploma, badge, credential, issuer profile, status list, and the credential check.

All of these are public on purpose: the verification page they belong to is public, and anyone who is
shown a mark must be able to check it. A diploma is only served while the mark is valid.

The credential and the status list are served as `application/vc` (the issuer profile as JSON-LD) to
wallets and validators; the same URLs opened in a browser (which asks for text/html) show a page instead.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from balanse.certification import credentials, proof
from balanse.certification.forms_proof import CredentialCheckForm
from balanse.certification.models import Certification, CredentialKey
from balanse.core import ratelimit
from balanse.core.dates import format_date
from balanse.core.kept_pages import kept_public_page
from balanse.core.links import site_url

JSON_LD = "application/ld+json"
CHECK_RATE = "30/60"  # credential checks per client and minute: each costs a few milliseconds of CPU
OFFERED = [credentials.MEDIA_TYPE, JSON_LD, "application/json", "text/html"]


def _get_mark(certificate_number: str) -> Certification:
    certification = get_object_or_404(
        Certification.objects.select_related("organisation"), certificate_number=certificate_number
    )
    if not certification.certificate_number:  # pragma: no cover - the lookup excludes it
        raise Http404
    return certification


def _wants_page(request) -> bool:
    """A browser asks for text/html before anything else; wallets, validators and curl do not."""
    if request.GET.get("last-ned") == "1":
        return False
    return request.get_preferred_type(OFFERED) == "text/html"


def _machine(text: str, content_type: str, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _negotiated(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["Accept"])
    return response


@require_GET
@cache_control(max_age=300, public=True)  # short: after a rotation verifiers must see the new keys soon
def issuer(request):
    if _wants_page(request):
        profile = credentials.issuer_profile()
        return _negotiated(
            render(
                request, "certification/proof/issuer.html", {"profile": profile, "keys": _key_rows(profile)}
            )
        )
    return _negotiated(_machine(credentials.dumps(credentials.issuer_profile()), JSON_LD))


def _key_rows(profile: dict) -> list[dict]:
    records = {credentials.verification_method_id(r.key_id): r for r in CredentialKey.objects.all()}
    return [
        {"method": method, "record": records.get(method["id"])} for method in profile["verificationMethod"]
    ]


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request):
    signed = credentials.signed_status_list()
    if request.headers.get("If-None-Match") == signed.etag:
        response = HttpResponseNotModified()
    elif _wants_page(request):
        bits = credentials.decode_bitstring(signed.document["credentialSubject"]["encodedList"])
        response = render(
            request,
            "certification/proof/status_list.html",
            {
                "signed": signed,
                "entries": len(bits) * 8,
                "revoked": sum(bin(byte).count("1") for byte in bits),
                "key_id": signed.document["proof"][0]["verificationMethod"].rsplit("#", 1)[-1],
            },
        )
    else:
        response = _machine(signed.text, credentials.MEDIA_TYPE)
    response["ETag"] = signed.etag
    return _negotiated(response)


@require_GET
@cache_control(no_cache=True)
def credential(request, certificate_number: str):
    certification = _get_mark(certificate_number)
    document = credentials.issue_credential(certification)
    if document is None:
        raise Http404
    if _wants_page(request):
        return _negotiated(
            render(
                request,
                "certification/proof/credential.html",
                {
                    "certification": certification,
                    "organisation": certification.organisation,
                    "status": certification.public_status(),
                    "summary": _summary(document),
                    "proof": document["proof"][0],
                    "key_id": document["proof"][0]["verificationMethod"].rsplit("#", 1)[-1],
                },
            )
        )
    download = request.GET.get("last-ned") == "1"
    return _negotiated(
        _machine(
            credentials.dumps(document),
            credentials.MEDIA_TYPE,
            filename=f"balansemerket-{certificate_number}.json" if download else None,
        )
    )


def _summary(document: dict) -> dict:
    """What a person reads in a credential, taken from the JSON (only shown once its signature holds)."""
    subject = document.get("credentialSubject") if isinstance(document.get("credentialSubject"), dict) else {}
    identifiers = {
        item.get("identityType"): item.get("identityHash")
        for item in subject.get("identifier") or []
        if isinstance(item, dict)
    }
    evidence = document.get("evidence") or []
    evidence = (
        evidence[0] if isinstance(evidence, list) and evidence and isinstance(evidence[0], dict) else {}
    )
    dates = {}
    for key in ("validFrom", "validUntil"):
        try:
            dates[key] = timezone.localtime(credentials.parse_datetime(document.get(key)))
        except ValueError:
            dates[key] = None
    return {
        "name": document.get("name", ""),
        "organisation": identifiers.get("name", ""),
        "org_number": identifiers.get("identifier", ""),
        "valid_from": dates["validFrom"],
        "valid_until": dates["validUntil"],
        "evidence": evidence.get("id", "")
        if str(evidence.get("id", "")).startswith(site_url() + "/")
        else "",
    }


@require_http_methods(["GET", "POST"])
@kept_public_page
def check_credential(request):
    """Anyone can check a downloaded credential here: signature, dates and status, explained."""
    result = None
    if request.method == "POST":
        if not ratelimit.hit(f"credential-check:{ratelimit.client_key(request)}", CHECK_RATE):
            return render(request, "core/rate_limited.html", status=429)
        form = CredentialCheckForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.cleaned_data["document"]
            verdict = credentials.verify_credential(document)
            result = {
                "verdict": verdict,
                "reasons": _reasons(verdict, document),
                "summary": _summary(document) if verdict.signature else None,
                "reissue": credentials.reissue_url(document),
            }
    else:
        form = CredentialCheckForm()
    return render(
        request,
        "certification/proof/check.html",
        {
            "form": form,
            "result": result,
            "issuer_url": reverse("certification:issuer"),
            "status_url": reverse("certification:status_list"),
        },
    )


def _reasons(verdict, document) -> list[str]:
    """Each problem of the verdict, said in the reader's language."""
    messages = {
        "tampered": _(
            "The signature does not match: the credential was changed after Balansekunst signed it, or it "
            "was not signed by Balansekunst."
        ),
        "unknown_key": _("The credential is not signed with one of Balansekunst's keys."),
        "context": _(
            "The credential uses terms that Balansemerket credentials do not use, so its signature cannot "
            "be checked."
        ),
        "unsupported": _(
            "The credential is not signed in a way that can be checked here (eddsa-rdfc-2022 or "
            "eddsa-jcs-2022)."
        ),
        "type": _("This is not an Open Badges credential."),
        "not_yet_valid": _("The credential is not valid yet."),
        "revoked": _("Balansekunst has withdrawn this mark."),
    }
    reasons = []
    for problem in verdict.problems:
        if problem.code == "key_compromised":
            reasons.append(
                _(
                    "The key this credential was signed with was withdrawn on %(date)s because it may have "
                    "been compromised, so credentials signed with it no longer count."
                )
                % {"date": _date(verdict.compromised_at)}
            )
        elif problem.code == "expired":
            until = _summary(document)["valid_until"]
            reasons.append(_("The credential expired on %(date)s.") % {"date": _date(until)})
        elif problem.code in messages:
            reasons.append(messages[problem.code])
        elif problem.area == "dates":
            reasons.append(_("The credential's dates are missing or malformed."))
        elif problem.area == "status":
            reasons.append(_("The credential's status entry is missing or points to another list."))
        else:
            reasons.append(_("The credential's signature is missing or malformed."))
    return reasons


def _date(moment) -> str:
    return format_date(moment) or "–"


@require_GET
@cache_control(max_age=300, public=True)
def badge(request, certificate_number: str):
    certification = _get_mark(certificate_number)
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
    certification = _get_mark(certificate_number)
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
