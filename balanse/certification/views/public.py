"""The public pages of Balansemerket: the registry of valid marks and the verification page of one mark."""

from functools import partial

from django.shortcuts import redirect, render
from django.utils.safestring import SafeString

from balanse.certification import forms, proof, queries
from balanse.certification.views.rows import registry_rows
from balanse.core import stamps
from balanse.core.kept_pages import kept_public_page
from balanse.core.views_helpers import PAGE_PARAM, RowsInOrder, paginate


@kept_public_page(params=(PAGE_PARAM,))  # a search is answered each time
def registry(request):
    with stamps.one_stamp():  # the kept parts below answer under one read of the write stamp
        form = forms.RegistryFilterForm(request.GET or None, municipalities=queries.registry_municipalities())
        filters = form.cleaned_data if form.is_valid() else {}
        q, field, municipality = (filters.get(name, "") for name in ("q", "field", "municipality"))
        if q or municipality:  # a search: what people type is read each time, and not kept
            marks = RowsInOrder(
                queries.registry(q=q, field=field, municipality=municipality), queries.registry_rows
            )
            found = paginate(request, marks, REGISTRY_PAGE)  # only the page's rows are read
            rows_html = registry_rows(
                found["page"].object_list
            )  # each row written once per value and language
        else:  # as it opens or by art field: the page's rows kept as markup until a register changes
            found = paginate(request, range(len(queries.registry(field=field))), REGISTRY_PAGE)
            rows_html = stamps.kept(
                ("certification.registry_page", field, found["page"].number),
                partial(_registry_page_rows, field, found["page"].object_list),
            )
    return render(request, "certification/registry.html", {"form": form, "rows_html": rows_html, **found})


REGISTRY_PAGE = 50  # lines on a page of the registry


def _registry_page_rows(field: str, positions: range) -> SafeString:
    """The rows of one page of the registry as it opens (or by art field), `positions` in its order: kept by
    `registry` for everyone who is logged in (a visitor is given the whole page kept, `kept_public_page`), so a
    page of 50 lines is one string read from the cache, not the list's ids and 50 rows."""
    ids = queries.registry(field=field)[positions.start : positions.stop]
    return registry_rows(RowsInOrder(ids, queries.registry_rows)[:])


@kept_public_page
def verify(request, certificate_number: str):
    """The public page of one mark. The number is found whatever its case (people type it from a diploma);
    an address in another case redirects to the page's own address. An unknown number says so, with a
    link to the registry, instead of the generic "page not found"."""
    number = certificate_number.strip()
    certification = queries.by_number(number)
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
