"""“Vil du ha Balansemerket?”: requests from organisations without an account, and the operator's one step
that turns a request into an organisation with its contact person invited as administrator."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balanse.certification.models import MarkRequest, SchemeSettings
from balanse.core import audit
from balanse.core.email import send_email
from balanse.core.links import absolute_url
from balanse.core.models import User
from balanse.organisations import services as org_services
from balanse.organisations.models import Organisation, Role

REQUEST_FIELDS = (
    "organisation_name",
    "org_number",
    "municipality",
    "contact_name",
    "email",
    "phone",
    "message",
)


@transaction.atomic
def submit_request(*, data: dict) -> MarkRequest:
    """Store a public request and tell Balansekunst (once)."""
    request_obj = MarkRequest.objects.create(**{k: (data.get(k) or "") for k in REQUEST_FIELDS})
    audit.record(actor=None, action="certification.request_received", obj=request_obj)
    send_email(
        to=settings.CERTIFICATION_OPERATOR_EMAIL,
        template="certification/email/request",
        context={
            "request": request_obj,
            "link": absolute_url("certification:request", args=[request_obj.pk]),
        },
        once_key=f"certification.request:{request_obj.pk}",
        reply_to=request_obj.email,
    )
    return request_obj


def _open(request_obj: MarkRequest) -> MarkRequest:
    locked = MarkRequest.objects.select_for_update().get(pk=request_obj.pk)
    if locked.state != MarkRequest.State.NEW:
        raise ValidationError(_("This request has already been dealt with."), code="handled")
    return locked


@transaction.atomic
def convert_request(*, request_obj: MarkRequest, by: User, data: dict, base_url: str = "") -> Organisation:
    """Create the organisation and invite the contact person as its administrator, in one step."""
    locked = _open(request_obj)
    if Organisation.objects.filter(name__iexact=data["name"].strip()).exists():
        raise ValidationError(
            _("An organisation called %(name)s already exists. Open it and invite the person from there.")
            % {"name": data["name"].strip()},
            code="exists",
        )
    organisation = org_services.create_organisation(
        by=by,
        data={
            "name": data["name"].strip(),
            "org_number": data.get("org_number") or "",
            "municipality": data.get("municipality") or "",
        },
    )
    org_services.invite_person(
        organisation=organisation, email=data["email"], role=Role.ADMIN, invited_by=by, base_url=base_url
    )
    locked.state, locked.handled_at, locked.handled_by = MarkRequest.State.CONVERTED, timezone.now(), by
    locked.organisation = organisation
    locked.save(update_fields=["state", "handled_at", "handled_by", "organisation"])
    audit.record(actor=by, action="certification.request_converted", obj=locked, organisation=organisation.pk)
    return organisation


@transaction.atomic
def close_request(*, request_obj: MarkRequest, by: User) -> MarkRequest:
    locked = _open(request_obj)
    locked.state, locked.handled_at, locked.handled_by = MarkRequest.State.CLOSED, timezone.now(), by
    locked.save(update_fields=["state", "handled_at", "handled_by"])
    audit.record(actor=by, action="certification.request_closed", obj=locked)
    return locked


@transaction.atomic
def set_response_time(*, by: User, response_time: str) -> SchemeSettings:
    current = SchemeSettings.objects.select_for_update().order_by("pk").first() or SchemeSettings()
    current.response_time = response_time.strip()
    current.save()
    audit.record(actor=by, action="certification.response_time_set", obj=current)
    return current
