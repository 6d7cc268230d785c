"""The plan the workbook produces (page, PDF, Word, the contract clause) and the links that share it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.core.views_helpers import base_url, get_object_with_perm
from balanse.organisations.models import Organisation
from balanse.workbook import plan, queries, services
from balanse.workbook.models import PlanShare, SectionKey
from balanse.workbook.views.sections import _get_workbook_for_user


def _filename(workbook, ext: str) -> str:
    return f"tiltaksplan-{slugify(workbook.organisation.name) or 'virksomhet'}.{ext}"


@login_required
def plan_page(request, pk: int):
    workbook = _get_workbook_for_user(request, pk)
    context = plan.build(workbook) | {"title": plan.title_for(workbook), "shared": False}
    return render(request, "workbook/plan.html", context)


@login_required
def plan_pdf(request, pk: int):
    workbook = _get_workbook_for_user(request, pk)
    response = HttpResponse(plan.pdf(workbook, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(workbook, "pdf")}"'
    return response


@login_required
def plan_docx(request, pk: int):
    workbook = _get_workbook_for_user(request, pk)
    response = HttpResponse(
        plan.docx(workbook),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(workbook, "docx")}"'
    return response


@login_required
def clause(request, pk: int):
    workbook = _get_workbook_for_user(request, pk)
    handlers = queries.section_objects(workbook)
    text = handlers[SectionKey.CONTRACT_CLAUSE].data.get("text", "")
    return render(
        request,
        "workbook/clause.html",
        {"workbook": workbook, "organisation": workbook.organisation, "text": text},
    )


@login_required
def shares(request, pk: int):
    organisation = get_object_with_perm(request, Organisation, "workbook.share_plan", pk=pk)
    new_link = ""
    if request.method == "POST":
        token = services.share_plan(organisation=organisation, by=request.user)
        new_link = base_url(request) + reverse("workbook:shared", args=[token])
        messages.success(request, _("A new link was made. Copy it now: it is shown only once."))
    return render(
        request,
        "workbook/shares.html",
        {
            "organisation": organisation,
            "shares": organisation.plan_shares.select_related("created_by"),
            "new_link": new_link,
            "workbook": queries.latest_workbook(organisation),
        },
    )


@login_required
@require_POST
def revoke(request, pk: int, share_pk: int):
    organisation = get_object_with_perm(request, Organisation, "workbook.share_plan", pk=pk)
    share = get_object_or_404(PlanShare, pk=share_pk, organisation=organisation)
    services.revoke_share(share=share, by=request.user)
    messages.success(request, _("The link was revoked. It no longer opens the plan."))
    return redirect("workbook:shares", pk=organisation.pk)


def shared(request, token: str):
    share = queries.share_for_token(token)
    workbook = queries.latest_workbook(share.organisation) if share and share.active else None
    if workbook is None:
        return render(request, "workbook/shared_gone.html", status=404)
    context = plan.build(workbook) | {"title": plan.title_for(workbook), "shared": True}
    response = render(request, "workbook/plan.html", context)
    # Whoever holds the link may read the plan, but no shared computer or proxy should keep a copy.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
