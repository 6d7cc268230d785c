"""The privacy page, the operator's record of processing and person lookup, and a person's own data."""

import functools
import json

from allauth.usersessions.models import UserSession
from allauth.usersessions.views import list_usersessions
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balanse.core import privacy, services
from balanse.core.forms import DeleteAccountForm, EraseForm, PersonLookupForm
from balanse.core.kept_pages import kept_public_page
from balanse.core.views_helpers import require_perm


@functools.lru_cache(maxsize=16)
def _registers_html(template: str, language: str) -> str:
    """The registers of personal data as `template` shows them, in `language`. They come from the code alone
    (every app's declarations), so each process renders them once per language: some forty registers, each a
    handful of translated texts, took most of the page's time."""
    with translation.override(language):
        return render_to_string(template, {"registers": privacy.by_app()})  # a SafeString: escaped there


def _register_context(template: str) -> dict:
    return {
        "registers_html": _registers_html(template, translation.get_language()),
        "controller": settings.BALANSEKUNST_NAME,
        "contact": settings.PRIVACY_CONTACT_EMAIL,
    }


@require_GET
@kept_public_page
def privacy_page(request):
    """Personvern: what the platform keeps about whom, why, on what basis and for how long (public)."""
    return render(request, "core/privacy/privacy.html", _register_context("core/privacy/_registers.html"))


@login_required
@require_GET
def record_of_processing(request):
    """The operator's record of processing (GDPR art. 30), printable, and the lookup of a person by e-mail."""
    require_perm(request, "core.view_operator_pages")
    return render(
        request,
        "core/privacy/record.html",
        {
            **_register_context("core/privacy/_record_registers.html"),
            "form": PersonLookupForm(),
            "today": timezone.localdate(),
        },
    )


def _json_download(data: dict, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_lookup(request):
    """The operator finds everything held about an e-mail address, and exports or erases it in one action."""
    require_perm(request, "core.view_operator_pages")
    found, erase_form = None, None
    if request.method == "POST":
        form = PersonLookupForm(request.POST)
        action = request.POST.get("action")
        if action == "erase":
            erase_form = EraseForm(request.POST)
            if erase_form.is_valid():
                email = erase_form.cleaned_data["email"]
                try:
                    result = services.erase_person(email=email, by=request.user)
                except services.DeletionRefused as refused:
                    messages.error(request, str(refused))
                else:
                    messages.success(
                        request,
                        _("Erased: %(registers)s.")
                        % {
                            "registers": ", ".join(
                                [f"{name} ({count})" for name, count in result.registers.items()]
                                + ([_("the account")] if result.account_deleted else [])
                            )
                            or _("nothing")
                        },
                    )
                    return redirect("core:person_lookup")
        elif form.is_valid() and action == "export":
            email = form.cleaned_data["email"]
            services.record_export(email=email, by=request.user)
            return _json_download(services.personal_data(email=email), "personopplysninger.json")
    else:
        form = PersonLookupForm(request.GET or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        found = services.matches(email=email)
        erase_form = erase_form or EraseForm(initial={"email": email})
    return render(
        request, "core/privacy/lookup.html", {"form": form, "found": found, "erase_form": erase_form}
    )


@login_required
@require_GET
def my_data(request):
    found = services.matches(email=request.user.email)
    return render(request, "core/privacy/my_data.html", {"found": found})


@login_required
@require_GET
def my_data_download(request):
    data = services.personal_data(user=request.user)
    return _json_download(data, f"mine-data-{timezone.localdate().isoformat()}.json")


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    """allauth's list of log-in sessions ("log out everywhere else"), with this browser always on it: a
    session that began before the list existed is recorded when it is first shown."""
    if (
        request.session.session_key
        and not UserSession.objects.filter(session_key=request.session.session_key).exists()
    ):
        UserSession.objects.create_from_request(request)
    return list_usersessions(request)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    notes = services.deletion_notes(request.user)
    blocking = [note for note in notes if note.blocking]
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and not blocking and form.is_valid():
        try:
            services.delete_account(user=request.user, by=request.user)
        except services.DeletionRefused as refused:
            blocking = refused.notes
        else:
            logout(request)
            messages.success(request, _("Your account is deleted."))
            return redirect("core:home")
    return render(
        request,
        "core/privacy/delete_account.html",
        {"notes": [note for note in notes if not note.blocking], "blocking": blocking, "form": form},
    )
