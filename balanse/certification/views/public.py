"""The public pages of Balansemerket: the registry of valid marks and the verification page of one mark."""

from django.shortcuts import redirect, render

from balanse.certification import forms, proof, queries
from balanse.certification.models import Certification
from balanse.certification.views.rows import registry_rows
from balanse.core.kept_pages import kept_public_page
from balanse.core.views_helpers import PAGE_PARAM, RowsInOrder, paginate


@kept_public_page(params=(PAGE_PARAM,))  # a search is answered each time
def registry(request):
    form = forms.RegistryFilterForm(request.GET or None, municipalities=queries.registry_municipalities())
    filters = form.cleaned_data if form.is_valid() else {}
    ids = queries.registry(
        q=filters.get("q", ""), field=filters.get("field", ""), municipality=filters.get("municipality", "")
    )
    marks = RowsInOrder(ids, queries.registry_rows)  # only the page's rows are read
    found = paginate(request, marks, 50)
    rows_html = registry_rows(found["page"].object_list)  # each row written once per value and language
    return render(request, "certification/registry.html", {"form": form, "rows_html": rows_html, **found})


@kept_public_page
def verify(request, certificate_number: str):
    """The public page of one mark. The number is found whatever its case (people type it from a diploma);
    an address in another case redirects to the page's own address. An unknown number says so, with a
    link to the registry, instead of the generic "page not found"."""
    number = certificate_number.strip()
    certification = (
        Certification.objects.filter(certificate_number__iexact=number)
        .exclude(certificate_number="")
        .select_related("organisation")
        .prefetch_related("periods")
        .first()
    )
    if certification is None:
        return render(request, "certification/verify_unknown.html", {"number": number[:40]}, status=404)
    if certification.certificate_number != certificate_number:
        return redirect("certification:verify", certificate_number=certification.certificate_number)
    periods = list(certification.periods.all())  # by valid_from (Period's ordering)
    return render(
        request,
        "certification/verify.html",
        {
            "certification": certification,
            "organisation": certification.organisation,
            "status": certification.public_status(),
            # The period that holds today (after an early renewal, the one still running), else the latest.
            "period": proof.current_period(certification),
            "first_awarded": periods[0] if periods else None,
        },
    )
