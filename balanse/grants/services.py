"""Balansepotten's rules: the call, an application from draft to submitted, the review, the decision and its
letter, the payout and the grantee's report. Each function runs in one transaction and writes the audit log.

The applicant's links carry a signed token (Django's signing with the site's secret); nothing about them is
stored. The draft link works until the call closes; the report link works once the grant is given.
"""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.grants.models import (
    Application,
    Criterion,
    DecisionLetter,
    GrantCall,
    LetterKind,
    Score,
    Status,
)
from balanse.organisations.models import Organisation

DRAFT_SALT = "balanse.grants.draft"
REPORT_SALT = "balanse.grants.report"

APPLICATION_FIELDS = [
    "applicant_kind",
    "applicant",
    "project",
    "description",
    "project_budget",
    "amount_applied",
    "contact_name",
    "contact_email",
    "contact_phone",
]
REQUIRED_TO_SUBMIT = [
    "applicant",
    "project",
    "description",
    "project_budget",
    "amount_applied",
    "contact_name",
    "contact_email",
]

PLACEHOLDERS = ("søker", "prosjekt", "beløp", "begrunnelse", "kontakt", "år", "rapportlenke")


class GrantError(Exception):
    """A step that cannot be taken (the message is for the person)."""


# Links


def draft_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=DRAFT_SALT)


def report_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=REPORT_SALT)


def _from_token(token: str, salt: str) -> Application:
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature as exc:
        raise GrantError(_("The link is not valid. Copy the whole link from the e-mail.")) from exc
    application = Application.objects.select_related("call").filter(pk=pk).first()
    if application is None:
        raise GrantError(_("The application no longer exists."))
    return application


def application_for_draft_token(token: str) -> Application:
    return _from_token(token, DRAFT_SALT)


def application_for_report_token(token: str) -> Application:
    application = _from_token(token, REPORT_SALT)
    if application.status not in (Status.GRANTED, Status.POSTPONED, Status.PAID):
        raise GrantError(_("A report can be written once a grant is given."))
    return application


def draft_link(application: Application, request=None) -> str:
    return absolute_url("grants:draft", request=request, args=[draft_token(application)])


def report_link(application: Application, request=None) -> str:
    return absolute_url("grants:report", request=request, args=[report_token(application)])


# The call


def open_call(today: date | None = None) -> GrantCall | None:
    today = today or timezone.localdate()
    return GrantCall.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-year").first()


@transaction.atomic
def save_call(*, call: GrantCall, criteria: list[tuple[str, str]], by) -> GrantCall:
    """Save the call and its criteria (texts nb, en in order). A criterion that has scores keeps its row."""
    if call.closes_on < call.opens_on:
        raise ValidationError({"closes_on": _("The call cannot close before it opens.")})
    new = call.pk is None
    call.save()
    existing = list(call.criteria.order_by("position"))
    for position, (text_nb, text_en) in enumerate(criteria):
        if position < len(existing):
            row = existing[position]
            row.text_nb, row.text_en = text_nb, text_en
            row.save(update_fields=["text_nb", "text_en"])
        else:
            Criterion.objects.create(call=call, position=position, text_nb=text_nb, text_en=text_en)
    for row in existing[len(criteria) :]:
        if row.scores.exists():
            raise ValidationError(
                {"criteria_nb": _("“%(text)s” has scores and cannot be removed.") % {"text": row.text_nb}}
            )
        row.delete()
    audit.record(actor=by, action="grants.call_created" if new else "grants.call_changed", obj=call)
    return call


# The applicant


def match_organisation(name: str) -> Organisation | None:
    name = (name or "").strip()
    return Organisation.objects.filter(name__iexact=name).first() if name else None


def _apply_data(application: Application, data: dict) -> None:
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(application, name, data[name] if data[name] is not None else None)
    application.organisation = (
        match_organisation(application.applicant) if application.applicant_kind == "organisation" else None
    )


def _check_open(call: GrantCall) -> None:
    if not call.is_open():
        raise GrantError(_("The call for Balansepotten %(year)s is closed.") % {"year": call.year})


@transaction.atomic
def save_draft(*, call: GrantCall, data: dict, application: Application | None = None, request=None):
    """Save what the applicant has written so far; a new draft gets its link by e-mail."""
    _check_open(call)
    if application is not None and application.status != Status.DRAFT:
        raise GrantError(_("The application has been sent and can no longer be changed."))
    new = application is None
    application = application or Application(call=call, year=call.year, language=get_language() or "")
    _apply_data(application, data)
    application.save()
    if new:
        audit.record(actor=None, action="grants.draft_saved", obj=application)
        send_email(
            to=application.contact_email,
            template="grants/email/draft_link",
            context={"application": application, "link": draft_link(application, request)},
            language=application.language or None,
            once_key=f"grants-draft-{application.pk}",
        )
    return application


@transaction.atomic
def submit_application(
    *, call: GrantCall, data: dict, application: Application | None = None, request=None
) -> Application:
    """Send the application: everything required is there; the applicant gets a receipt."""
    _check_open(call)
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.DRAFT:
            raise GrantError(_("The application has already been sent."))
    else:
        application = Application(call=call, year=call.year, language=get_language() or "")
    _apply_data(application, data)
    missing = [name for name in REQUIRED_TO_SUBMIT if getattr(application, name) in (None, "")]
    if missing:
        raise ValidationError({name: _("Fill in this field before you send.") for name in missing})
    application.status = Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    audit.record(actor=None, action="grants.submitted", obj=application)
    send_email(
        to=application.contact_email,
        template="grants/email/receipt",
        context={"application": application, "link": draft_link(application, request)},
        language=application.language or None,
        once_key=f"grants-receipt-{application.pk}",
    )
    return application


@transaction.atomic
def submit_report(*, application: Application, text: str) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.report_received_at:
        raise GrantError(_("The report has already been received. Thank you!"))
    application.report = text.strip()
    application.report_received_at = timezone.now()
    application.save(update_fields=["report", "report_received_at"])
    audit.record(actor=None, action="grants.report_received", obj=application)
    return application


# The staff


def _transition(application: Application, to: str) -> None:
    if not application.can_become(to):
        raise GrantError(
            _("An application that is “%(status)s” cannot become “%(to)s”.")
            % {"status": application.get_status_display(), "to": Status(to).label}
        )
    application.status = to


@transaction.atomic
def review(*, application: Application, notes: str, scores: dict[int, int | None], by) -> Application:
    """The staff's notes and a score (1–5) per criterion of the call (None removes a score)."""
    if application.status in (Status.DRAFT,):
        raise GrantError(_("A draft cannot be reviewed before it is sent."))
    application.review_notes = notes
    application.save(update_fields=["review_notes"])
    criteria = {c.pk: c for c in application.call.criteria.all()} if application.call else {}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            raise GrantError(_("The criterion is not one of the call's."))
        if value is None:
            Score.objects.filter(application=application, criterion_id=criterion_id).delete()
        elif not 1 <= value <= 5:
            raise GrantError(_("A score is from 1 to 5."))
        else:
            Score.objects.update_or_create(
                application=application,
                criterion_id=criterion_id,
                defaults={"score": value, "scored_by": by},
            )
    audit.record(actor=by, action="grants.reviewed", obj=application, scored=sorted(scores))
    return application


def letter_for(application: Application, request=None) -> tuple[str, str]:
    """The decision letter (subject, body) from the operator's template."""
    kind = LetterKind.DECLINED if application.status == Status.DECLINED else LetterKind.GRANTED
    letter = DecisionLetter.objects.filter(kind=kind).first()
    if letter is None:
        raise GrantError(_("There is no decision letter to send. Write it under “Decision letters”."))
    values = {
        "søker": application.applicant,
        "prosjekt": application.project,
        "beløp": f"{application.amount_granted or 0:,}".replace(",", "\u00a0"),
        "begrunnelse": application.decline_reason,
        "kontakt": application.contact_name,
        "år": str(application.year),
        "rapportlenke": report_link(application, request) if kind == LetterKind.GRANTED else "",
    }
    subject, body = letter.subject, letter.body
    for name, value in values.items():
        subject = subject.replace("{" + name + "}", value)
        body = body.replace("{" + name + "}", value)
    return subject, body


@transaction.atomic
def decide(
    *, application: Application, granted: bool, amount: int | None, reason: str, by, request=None
) -> Application:
    """Grant an amount or decline with a reason; the decision letter goes to the contact person."""
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application.pk)
    )
    if granted:
        if not amount or amount <= 0:
            raise ValidationError({"amount": _("Write the amount granted.")})
        _transition(application, Status.GRANTED)
        application.amount_granted, application.decline_reason = amount, ""
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Write the reason for declining; the applicant reads it.")})
        _transition(application, Status.DECLINED)
        application.amount_granted, application.decline_reason = None, reason.strip()
    application.decided_on = timezone.localdate()
    application.decided_by = by
    application.save()
    subject, body = letter_for(application, request)
    if application.contact_email:
        send_email(
            to=application.contact_email,
            template="grants/email/decision",
            context={"subject": subject, "body": body},
            language=application.language or None,
            once_key=f"grants-decision-{application.pk}",
        )
    audit.record(actor=by, action=f"grants.{application.status}", obj=application)
    return application


@transaction.atomic
def pay(*, application: Application, paid_on: date, by) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    _transition(application, Status.PAID)
    application.paid_on = paid_on
    application.save(update_fields=["status", "paid_on"])
    audit.record(actor=by, action="grants.paid", obj=application)
    return application


@transaction.atomic
def postpone(*, application: Application, reason: str, by) -> Application:
    """Postpone the payout to next year, with a reason (as in 2020, because of the pandemic)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the payout is postponed.")})
    _transition(application, Status.POSTPONED)
    application.postponed_to = application.year + 1
    application.postponed_reason = reason.strip()
    application.save(update_fields=["status", "postponed_to", "postponed_reason"])
    audit.record(actor=by, action="grants.postponed", obj=application)
    return application


@transaction.atomic
def resume(*, application: Application, by) -> Application:
    """A postponed payout is due again."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _transition(application, Status.GRANTED)
    application.save(update_fields=["status"])
    audit.record(actor=by, action="grants.resumed", obj=application)
    return application


@transaction.atomic
def save_letter(*, letter: DecisionLetter, by) -> DecisionLetter:
    letter.save()
    audit.record(actor=by, action="grants.letter_changed", obj=letter)
    return letter
