"""The public side of Balansepotten: the call, the application form (draft by an e-mailed link, then sent),
and the grantee's report by a link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balanse.core.ratelimit import limit_posts
from balanse.grants import forms, services
from balanse.grants.models import GrantCall, Status


def call(request):
    current = services.open_call()
    latest = current or GrantCall.objects.first()
    criteria = list(latest.criteria.all()) if latest else []
    return render(
        request,
        "grants/public/call.html",
        {"call": latest, "open": current, "criteria": criteria, "today": timezone.localdate()},
    )


def _handle_form(request, call, application=None):
    """Save a draft or send: both from the same form; sending checks every required field."""
    submitting = "send" in request.POST
    form = forms.ApplicationForm(request.POST, instance=application, submitting=submitting)
    if not form.is_valid():
        return form, None
    try:
        if submitting:
            application = services.submit_application(
                call=call, data=form.application_data(), application=application, request=request
            )
            return form, redirect("grants:draft", token=services.draft_token(application))
        was_new = application is None
        application = services.save_draft(
            call=call, data=form.application_data(), application=application, request=request
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return form, None
    except services.GrantError as exc:
        form.add_error(None, str(exc))
        return form, None
    if was_new:
        messages.success(
            request,
            _("The draft is saved. We have e-mailed a link to %(email)s so you can come back to it.")
            % {"email": application.contact_email},
        )
    else:
        messages.success(request, _("The draft is saved."))
    return form, redirect("grants:draft", token=services.draft_token(application))


@require_http_methods(["GET", "POST"])
@limit_posts("grants-apply", "GRANTS_APPLICATION_RATE")
def apply(request):
    call = services.open_call()
    if call is None:
        return render(request, "grants/public/closed.html", {"call": GrantCall.objects.first()})
    form = forms.ApplicationForm()
    if request.method == "POST":
        form, response = _handle_form(request, call)
        if response:
            return response
    return render(request, "grants/public/apply.html", {"form": form, "call": call})


@require_http_methods(["GET", "POST"])
@limit_posts("grants-draft", "GRANTS_APPLICATION_RATE")
def draft(request, token: str):
    try:
        application = services.application_for_draft_token(token)
    except services.GrantError as exc:
        return render(request, "grants/public/link_invalid.html", {"message": str(exc)}, status=400)
    if application.status != Status.DRAFT:
        return render(request, "grants/public/sent.html", {"application": application})
    call = application.call
    if call is None or not call.is_open():
        return render(request, "grants/public/closed.html", {"call": call}, status=410)
    form = forms.ApplicationForm(instance=application)
    if request.method == "POST":
        form, response = _handle_form(request, call, application)
        if response:
            return response
    return render(
        request, "grants/public/apply.html", {"form": form, "call": call, "application": application}
    )


@require_http_methods(["GET", "POST"])
@limit_posts("grants-report", "GRANTS_APPLICATION_RATE")
def report(request, token: str):
    try:
        application = services.application_for_report_token(token)
    except services.GrantError as exc:
        return render(request, "grants/public/link_invalid.html", {"message": str(exc)}, status=400)
    if application.report_received_at:
        return render(request, "grants/public/report_thanks.html", {"application": application})
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_report(application=application, text=form.cleaned_data["text"])
        except services.GrantError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("grants:report", token=token)
    return render(request, "grants/public/report.html", {"form": form, "application": application})
