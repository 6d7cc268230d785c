"""The public pages of Balansemerket: the registry of valid marks and the verification page of one mark."""

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from balanse.certification import forms, queries
from balanse.certification.models import Certification, Period


def registry(request):
    form = forms.RegistryFilterForm(request.GET or None, municipalities=queries.registry_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    marks = queries.registry(
        q=filters.get("q", ""), field=filters.get("field", ""), municipality=filters.get("municipality", "")
    )
    page = Paginator(marks, 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "certification/registry.html",
        {"form": form, "page": page, "total": page.paginator.count, "query": query.urlencode()},
    )


def verify(request, certificate_number: str):
    """The public page of one mark. The number is found whatever its case (people type it from a diploma);
    an address in another case redirects to the page's own address. An unknown number says so, with a
    link to the registry, instead of the generic "page not found"."""
    number = certificate_number.strip()
    certification = (
        Certification.objects.filter(certificate_number__iexact=number)
        .exclude(certificate_number="")
        .select_related("organisation")
        .first()
    )
    if certification is None:
        return render(request, "certification/verify_unknown.html", {"number": number[:40]}, status=404)
    if certification.certificate_number != certificate_number:
        return redirect("certification:verify", certificate_number=certification.certificate_number)
    period: Period | None = certification.periods.order_by("-valid_from").first()
    today: date = timezone.localdate()
    return render(
        request,
        "certification/verify.html",
        {
            "certification": certification,
            "organisation": certification.organisation,
            "status": certification.public_status(today),
            "period": period,
            "first_awarded": certification.periods.order_by("valid_from").first(),
        },
    )
