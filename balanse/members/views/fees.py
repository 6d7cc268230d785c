"""The operator's fee pages: a year's tiers and cut-off, claims, invoices, reminders, the invoice basis, and
payments from the bank's statement."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core import exports
from balanse.core.dates import format_short_date
from balanse.core.form_fields import year_from
from balanse.core.labels import choice_label
from balanse.core.models import ImportUpload
from balanse.core.views_helpers import require_perm, row_link
from balanse.members import bank, forms, queries, services
from balanse.members.cutoff import default_cutoff
from balanse.members.models import Fee, FeeTier, Payment
from balanse.members.views.rows import detail_link, kroner, kroner_and_ore

UPLOAD_KIND = "members-bank-statement"
UPLOAD_LIFETIME = timedelta(days=1)
UNPAID_SHOWN = 50  # the rest are in the member list, filtered on “not paid”
OPEN_SHOWN = 100  # payments to place shown at once
RECENT_SHOWN = 20


def _fees_url(year: int) -> str:
    return f"{reverse('members:fees')}?ar={year}"


def _default_year() -> int:
    return queries.default_fee_year(timezone.localdate().year)


def _render_fees(request, year: int, *, year_form=None, tier_form=None, claims_form=None, status=200):
    # Kept until a register is written to: the year, its tiers, figures, unpaid claims and reminders due.
    stored, year_tiers, figures, unpaid_rows, reminders_due = queries.fee_page(
        year, UNPAID_SHOWN, services.reminder_limit()
    )
    link = detail_link(year)  # made once for the page, not reversed and formatted row by row
    unpaid = [
        {
            "detail_url": link(member),
            "name": name,
            "outstanding_text": kroner(outstanding),
            "kid": kid,
            "due_text": format_short_date(due),
            "reminder_text": format_short_date(reminder),
        }
        for member, name, outstanding, kid, due, reminder in unpaid_rows
    ]
    tiers = [(tier, figures["fee_tiers"].get(str(tier.amount), 0)) for tier in year_tiers]
    cutoff = stored.cutoff if stored else default_cutoff(year)
    context = {
        "year": year,
        "fee_year": stored,
        "cutoff": cutoff,
        "tiers": tiers,
        "figures": figures,
        "counts": figures,
        "unpaid": unpaid,
        "unpaid_total": figures["unpaid"],
        "reminders_due": reminders_due,
        "reminder_days": settings.MEMBERS_REMINDER_DAYS,
        "year_form": year_form
        or forms.FeeYearForm(initial={"cutoff": cutoff, "decided": stored.decided if stored else ""}),
        "tier_form": tier_form or forms.TierForm(),
        "claims_form": claims_form
        or forms.ClaimsForm(
            initial={"due_date": timezone.localdate() + timedelta(days=settings.MEMBERS_PAYMENT_DAYS)}
        ),
        "invoice_settings_missing": not settings.BALANSEKUNST_BANK_ACCOUNT,
    }
    return render(request, "members/fees.html", context, status=status)


@login_required
def fee_year(request):
    require_perm(request, "members.manage_members")
    return _render_fees(request, year_from(request, default=_default_year()))


@login_required
@require_POST
def save_fee_year(request, year: int):
    require_perm(request, "members.manage_members")
    form = forms.FeeYearForm(request.POST)
    if form.is_valid():
        services.save_fee_year(year=year, by=request.user, **form.cleaned_data)
        messages.success(request, _("The cut-off date for %(year)s was saved.") % {"year": year})
        return redirect(_fees_url(year))
    return _render_fees(request, year, year_form=form, status=400)


@login_required
@require_POST
def add_tier(request, year: int):
    require_perm(request, "members.manage_members")
    form = forms.TierForm(request.POST)
    if form.is_valid():
        try:
            services.save_tier(year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The tier was added."))
            return redirect(_fees_url(year))
    return _render_fees(request, year, tier_form=form, status=400)


@login_required
@require_POST
def delete_tier(request, pk: int):
    require_perm(request, "members.manage_members")
    tier = get_object_or_404(FeeTier, pk=pk)
    try:
        services.delete_tier(tier=tier, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The tier was removed."))
    return redirect(_fees_url(tier.year))


@login_required
@require_POST
def create_claims(request, year: int):
    require_perm(request, "members.manage_members")
    form = forms.ClaimsForm(request.POST)
    if not form.is_valid():
        return _render_fees(request, year, claims_form=form, status=400)
    result = services.create_claims(year=year, due_date=form.cleaned_data["due_date"], by=request.user)
    if result.created:
        messages.success(
            request,
            ngettext("%(count)s claim was created.", "%(count)s claims were created.", result.created)
            % {"count": result.created},
        )
    else:
        messages.info(request, _("No new claims: every paying member already has one."))
    if result.missing:
        messages.warning(
            request,
            _(
                "These members have no tier or special agreement for %(year)s yet: %(names)s. Set it on each member's page and create the claims again."
            )
            % {"year": year, "names": ", ".join(str(m) for m in result.missing)},
        )
    return redirect(_fees_url(year))


@login_required
@require_POST
def send_invoices(request, year: int):
    require_perm(request, "members.manage_members")
    try:
        sent, without = services.send_invoices(year=year, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_fees_url(year))
    if sent:
        messages.success(
            request,
            ngettext("%(count)s invoice was sent.", "%(count)s invoices were sent.", sent) % {"count": sent},
        )
    else:
        messages.info(request, _("No invoices to send: every claim has been sent."))
    if without:
        messages.warning(
            request,
            _("No e-mail address for: %(names)s. Add an invoice e-mail on the member's page.")
            % {"names": ", ".join(str(f.member) for f in without)},
        )
    return redirect(_fees_url(year))


@login_required
@require_POST
def send_reminders(request):
    require_perm(request, "members.manage_members")
    sent, without = services.send_reminders(by=request.user, request=request)
    if sent:
        messages.success(
            request,
            ngettext("%(count)s reminder was sent.", "%(count)s reminders were sent.", sent)
            % {"count": sent},
        )
    else:
        messages.info(request, _("No reminders are due."))
    if without:
        messages.warning(
            request,
            _("No e-mail address for: %(names)s.") % {"names": ", ".join(str(f.member) for f in without)},
        )
    year = request.POST.get("ar", "")
    return redirect(_fees_url(int(year)) if year.isdigit() else reverse("members:fees"))


@login_required
def invoice_basis(request, year: int):
    """The claims of a year for the accounting system: org number, name, invoice e-mail, amount, KID, due date."""
    require_perm(request, "members.manage_members")
    fees = Fee.objects.filter(year=year).exclude(kid="").select_related("member__organisation")
    header = [
        _("Organisation number"),
        _("Name"),
        _("Invoice e-mail"),
        _("Amount"),
        _("KID"),
        _("Due date"),
        _("Text"),
    ]
    rows = [
        [
            f.member.organisation.org_number,
            f.member.organisation.name,
            f.member.invoice_address,
            f.tier,
            f.kid,
            f.due_date,
            _("Membership fee %(year)s") % {"year": year},
        ]
        for f in fees.order_by("member__organisation__name")
    ]
    name = f"fakturagrunnlag-{year}"
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(rows, header=header, filename=f"{name}.xlsx", title=_("Invoice basis"))
    return exports.csv_response(rows, header=header, filename=f"{name}.csv", dialect=exports.NORWEGIAN_EXCEL)


# Payments


def _open_fees():
    return (
        Fee.objects.filter(tier__isnull=False)
        .select_related("member__organisation")
        .order_by("-year", "member__organisation__name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def payments(request):
    require_perm(request, "members.manage_members")
    form = forms.StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = ImportUpload.objects.create(
            kind=UPLOAD_KIND, filename=upload.name[:200], content=upload.read(), uploaded_by=request.user
        )
        return redirect("members:statement", pk=stored.pk)
    shown = queries.open_payments(OPEN_SHOWN)  # compiled once, as the latest placed below
    place_forms = []
    if shown:
        # The fees to choose from, read once for every payment's form rather than once a form.
        choices = list(forms.PlacePaymentForm(fees=_open_fees()).fields["fee"].choices)
        place = row_link("members:place_payment")
        for payment in shown:
            payment.place_url = place(payment.pk)
            place_form = forms.PlacePaymentForm(fees=_open_fees(), prefix=f"p{payment.pk}")
            place_form.fields["fee"].choices = choices
            place_forms.append((payment, place_form))
    member_link = detail_link()
    recent = [
        {
            "booked_text": format_short_date(payment.booked_on),
            "name": payment.name,
            "year": payment.year,
            "amount_text": kroner_and_ore(payment.amount),
            "source": choice_label(Payment.Source, payment.source),  # as get_source_display
            "detail_url": f"{member_link(payment.member_id)}?ar={payment.year}",
        }
        for payment in queries.recent_payments(RECENT_SHOWN)
    ]
    return render(
        request,
        "members/payments.html",
        {
            "form": form,
            "open_payments": place_forms,
            "open_total": len(shown)
            if len(shown) < OPEN_SHOWN
            else Payment.objects.filter(fee__isnull=True, dismissed_at__isnull=True).count(),
            "recent": recent,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement(request, pk: int):
    require_perm(request, "members.manage_members")
    upload = get_object_or_404(
        ImportUpload,
        pk=pk,
        kind=UPLOAD_KIND,
        uploaded_by=request.user,
        created__gte=timezone.now() - UPLOAD_LIFETIME,
    )
    context = {"upload": upload}
    try:
        entries = bank.read_statement(bytes(upload.content), upload.filename)
    except bank.StatementError as exc:
        return render(request, "members/statement.html", context | {"file_error": str(exc)})
    source = (
        Payment.Source.CAMT
        if upload.filename.lower().endswith(".xml") or bytes(upload.content).lstrip()[:1] == b"<"
        else Payment.Source.CSV
    )
    if request.method == "POST":
        result = services.import_statement(entries=entries, source=source, by=request.user)
        upload.delete()
        messages.success(
            request,
            _(
                "Payments registered: %(matched)s paid a fee, %(unmatched)s must be placed, %(done)s were imported before."
            )
            % {"matched": result.matched, "unmatched": result.unmatched, "done": result.done},
        )
        return redirect("members:payments")
    return render(
        request, "members/statement.html", context | {"preview": services.preview_statement(entries)}
    )


@login_required
@require_POST
def place_payment(request, pk: int):
    require_perm(request, "members.manage_members")
    payment = get_object_or_404(Payment, pk=pk)
    try:
        if request.POST.get("action") == "dismiss":
            services.dismiss_payment(payment=payment, by=request.user)
            messages.success(request, _("The payment was set aside as not a membership fee."))
        else:
            form = forms.PlacePaymentForm(request.POST, fees=_open_fees(), prefix=f"p{payment.pk}")
            if form.is_valid():
                fee = services.place_payment(payment=payment, fee=form.cleaned_data["fee"], by=request.user)
                messages.success(
                    request, _("The payment was placed on %(fee)s.") % {"fee": f"{fee.member} {fee.year}"}
                )
            else:
                messages.error(request, _("Choose the fee the payment is for."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("members:payments")
