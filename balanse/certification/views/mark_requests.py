"""“Vil du ha Balansemerket?”: the public request form and the operator's handling of requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.certification import forms, requests
from balanse.certification.models import MarkRequest, SchemeSettings
from balanse.certification.views.common import show_error
from balanse.core.kept_pages import kept_public_page
from balanse.core.ratelimit import limit_posts
from balanse.core.views_helpers import base_url, get_object_with_perm, require_perm


def _get_request_for_user(request, pk: int) -> MarkRequest:
    return get_object_with_perm(request, MarkRequest, "certification.handle_requests", pk=pk)


@require_http_methods(["GET", "POST"])
@limit_posts("certification-request", "CERTIFICATION_REQUEST_RATE")
@kept_public_page
def request_form(request):
    form = forms.MarkRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            requests.submit_request(data=form.cleaned_data)
            return render(
                request,
                "certification/request_sent.html",
                {"response_time": SchemeSettings.current().response_time},
            )
        return render(request, "certification/request_form.html", {"form": form}, status=400)
    return render(request, "certification/request_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    request_obj = _get_request_for_user(request, pk)
    initial = {
        "name": request_obj.organisation_name,
        "org_number": request_obj.org_number,
        "municipality": request_obj.municipality,
        "email": request_obj.email,
    }
    if request.method == "POST" and request_obj.state != MarkRequest.State.NEW:
        messages.error(request, _("This request has already been dealt with."))
        return redirect("certification:request", pk=request_obj.pk)
    form = forms.ConvertRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation = requests.convert_request(
                    request_obj=request_obj,
                    by=request.user,
                    data=form.cleaned_data,
                    base_url=base_url(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(name)s was created and %(email)s was invited as its administrator.")
                    % {"name": organisation.name, "email": form.cleaned_data["email"]},
                )
                return redirect("organisations:detail", pk=organisation.pk)
        else:
            status = 400
    return render(
        request, "certification/request_detail.html", {"item": request_obj, "form": form}, status=status
    )


@login_required
@require_POST
def request_close(request, pk: int):
    request_obj = _get_request_for_user(request, pk)
    try:
        requests.close_request(request_obj=request_obj, by=request.user)
    except ValidationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("The request was closed."))
    return redirect("certification:dashboard")


@login_required
@require_POST
def set_response_time(request):
    require_perm(request, "certification.set_target")
    form = forms.ResponseTimeForm(request.POST)
    if form.is_valid() and form.cleaned_data["response_time"].strip():
        requests.set_response_time(by=request.user, response_time=form.cleaned_data["response_time"])
        messages.success(request, _("The answer time was saved."))
    else:
        messages.error(request, _("Write when Balansekunst answers, for example “within two weeks”."))
    return redirect("certification:dashboard")
