"""The fee invoice as a PDF: for the organisation's admins and the staff, and by the signed link in the e-mail."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from balanse.core.views_helpers import get_object_with_perm
from balanse.members import services
from balanse.members.invoice import invoice_filename, invoice_pdf
from balanse.members.models import Fee
from balanse.organisations.models import Organisation


def _pdf_response(fee: Fee) -> HttpResponse:
    response = HttpResponse(invoice_pdf(fee), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_filename(fee)}"'
    return response


@login_required
def invoice(request, pk: int, year: int):
    organisation = get_object_with_perm(request, Organisation, "members.view_own_membership", pk=pk)
    fee = get_object_or_404(
        Fee.objects.select_related("member__organisation").exclude(kid=""),
        member__organisation=organisation,
        year=year,
    )
    return _pdf_response(fee)


def invoice_by_link(request, token: str):
    fee = services.fee_for_invoice_token(token)
    if fee is None:
        raise Http404
    return _pdf_response(fee)
