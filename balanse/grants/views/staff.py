"""The staff's side of Balansepotten: the year overview, the call, an application's review, decision and
payout, and the decision letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core.audit import latest_entries_for
from balanse.core.form_fields import year_from
from balanse.core.views_helpers import require_perm
from balanse.grants import forms, queries, services
from balanse.grants.models import Application, DecisionLetter, GrantCall, LetterKind, Status

PERM = "grants.manage_grants"

ACTIONS = {
    "grants.draft_saved": gettext_lazy("draft saved"),
    "grants.submitted": gettext_lazy("application sent"),
    "grants.reviewed": gettext_lazy("review saved"),
    "grants.innvilget": gettext_lazy("granted, letter sent"),
    "grants.avslått": gettext_lazy("declined, letter sent"),
    "grants.paid": gettext_lazy("paid out"),
    "grants.postponed": gettext_lazy("payout postponed"),
    "grants.resumed": gettext_lazy("payout due again"),
    "grants.report_received": gettext_lazy("report received"),
    "grants.imported": gettext_lazy("imported from a file"),
}


def _get_application_for_user(request, pk: int) -> Application:
    require_perm(request, PERM)
    return get_object_or_404(Application.objects.select_related("call", "organisation"), pk=pk)


@login_required
def overview(request):
    require_perm(request, PERM)
    year = year_from(request)
    status_form = forms.StatusFilterForm(request.GET or None)
    status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
    return render(
        request,
        "grants/overview.html",
        {
            "year": year,
            "call": queries.call_of(year),
            "figures": queries.year_overview(year),
            "applications": queries.application_list(year, status),
            "status_form": status_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request, year: int):
    require_perm(request, PERM)
    if not 1900 <= year <= 2200:
        return redirect("grants:overview")
    call = queries.call_of(year) or GrantCall(year=year)
    form = forms.CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_call(
                call=form.save(commit=False), criteria=form.cleaned_data["criteria"], by=request.user
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The call is saved."))
            return redirect(f"{reverse('grants:overview')}?ar={year}")
    return render(request, "grants/call_form.html", {"form": form, "year": year, "call": call})


def _detail(request, application, **forms_):
    context = {
        "application": application,
        "scores": list(application.scores.select_related("criterion").order_by("criterion__position")),
        "review_form": forms.ReviewForm(application=application),
        "decision_form": forms.DecisionForm(),
        "pay_form": forms.PayForm(initial={"paid_on": timezone.localdate()}),
        "postpone_form": forms.PostponeForm(),
        "history": [
            (entry, ACTIONS.get(entry.action, entry.action)) for entry in latest_entries_for(application, 20)
        ],
        "Status": Status,
        "report_link": services.report_link(application, request)
        if application.status in (Status.GRANTED, Status.POSTPONED, Status.PAID)
        else "",
    }
    context.update(forms_)
    status = 400 if forms_ else 200
    return render(request, "grants/application.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk: int):
    application = _get_application_for_user(request, pk)
    if request.method == "POST":
        form = forms.ReviewForm(request.POST, application=application)
        if form.is_valid():
            try:
                services.review(
                    application=application,
                    notes=form.cleaned_data["notes"],
                    scores=form.scores(),
                    by=request.user,
                )
            except services.GrantError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The review is saved."))
                return redirect("grants:application", pk=pk)
        return _detail(request, application, review_form=form)
    return _detail(request, application)


def _step(request, application, form, action):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except services.GrantError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("grants:application", pk=application.pk)
    return None


@login_required
@require_POST
def decide(request, pk: int):
    application = _get_application_for_user(request, pk)
    form = forms.DecisionForm(request.POST)

    def action(data):
        granted = data["decision"] == "grant"
        services.decide(
            application=application,
            granted=granted,
            amount=data.get("amount"),
            reason=data.get("reason") or "",
            by=request.user,
            request=request,
        )
        remaining = queries.year_overview(application.year)["remaining"] if granted else None
        if remaining is not None and remaining < 0:
            messages.warning(
                request,
                _("The grants of %(year)s are now %(over)s kr over the budget.")
                % {"year": application.year, "over": f"{-remaining:,}".replace(",", "\u00a0")},
            )
        messages.success(
            request,
            _("The grant is decided and the letter sent.")
            if granted
            else _("The application is declined and the letter sent."),
        )

    return _step(request, application, form, action) or _detail(request, application, decision_form=form)


@login_required
@require_POST
def pay(request, pk: int):
    application = _get_application_for_user(request, pk)
    form = forms.PayForm(request.POST)

    def action(data):
        services.pay(application=application, paid_on=data["paid_on"], by=request.user)
        messages.success(request, _("The grant is marked as paid."))

    return _step(request, application, form, action) or _detail(request, application, pay_form=form)


@login_required
@require_POST
def postpone(request, pk: int):
    application = _get_application_for_user(request, pk)
    form = forms.PostponeForm(request.POST)

    def action(data):
        services.postpone(application=application, reason=data["reason"], by=request.user)
        messages.success(request, _("The payout is postponed to next year."))

    return _step(request, application, form, action) or _detail(request, application, postpone_form=form)


@login_required
@require_POST
def resume(request, pk: int):
    application = _get_application_for_user(request, pk)
    try:
        services.resume(application=application, by=request.user)
    except services.GrantError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The payout is due again."))
    return redirect("grants:application", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def letters(request):
    require_perm(request, PERM)
    forms_ = []
    saved = False
    for kind in LetterKind:
        letter = DecisionLetter.objects.filter(kind=kind).first() or DecisionLetter(kind=kind)
        form = forms.LetterForm(request.POST or None, instance=letter, prefix=kind.value)
        forms_.append((kind, form))
    if request.method == "POST" and all(form.is_valid() for _kind, form in forms_):
        for _kind, form in forms_:
            services.save_letter(letter=form.save(commit=False), by=request.user)
        saved = True
    if saved:
        messages.success(request, _("The letters are saved."))
        return redirect("grants:letters")
    return render(
        request,
        "grants/letters.html",
        {"letter_forms": forms_, "placeholders": services.PLACEHOLDERS},
        status=400 if request.method == "POST" else 200,
    )
