"""How the organisations app plugs into the platform (see balanse/core/signals.py)."""

from datetime import timedelta

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core import audit
from balanse.core.privacy import LegalBasis, PersonalData
from balanse.core.signals import (
    DeletionNote,
    Panel,
    account_deletion_requested,
    load_default_content,
    load_demo_data,
    operator_panels,
    personal_data_requested,
)
from balanse.organisations import content, demo
from balanse.organisations.audit_labels import AUDIT_LABELS
from balanse.organisations.models import Invitation, Membership, Organisation, Role


@receiver(load_default_content)
def organisations_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


@receiver(load_demo_data)
def organisations_demo_data(sender, *, stdout, **kwargs) -> list[str]:
    return demo.load_demo(stdout) or []


@receiver(operator_panels)
def organisations_operator_panel(sender, *, request, **kwargs) -> list[Panel]:
    if not request.user.has_perm("organisations.list_organisations"):
        return []
    return [Panel("organisations/_operator_panel.html", order=0, counts=_operator_counts)]


def _operator_counts() -> dict:
    return {
        "organisation_count": Organisation.objects.all(),
        "member_count": Organisation.objects.filter(is_member=True),
    }


# People's own data (balanse.core.privacy): memberships, invitations, and the last-admin rule on deletion.

INVITATION_KEPT_DAYS = 30


def _finished_invitations():
    limit = timezone.now() - timedelta(days=INVITATION_KEPT_DAYS)
    return Invitation.objects.filter(
        Q(expires_at__lt=limit) | Q(accepted_at__lt=limit) | Q(revoked_at__lt=limit)
    )


@receiver(personal_data_requested)
def organisations_personal_data(sender, **kwargs):
    return [
        PersonalData(
            model=Membership,
            subjects=gettext_lazy("people in an organisation"),
            categories=gettext_lazy("which organisations the person belongs to, and their role there"),
            purpose=gettext_lazy("to give the organisation's people access to its measures, course and mark"),
            legal_basis=LegalBasis.CONTRACT,
            retention=gettext_lazy("until the person leaves the organisation or deletes the account"),
            user_field="user",
        ),
        PersonalData(
            model=Invitation,
            subjects=gettext_lazy("people invited to an organisation"),
            categories=gettext_lazy(
                "the e-mail address invited, the role, who invited, when it was accepted"
            ),
            purpose=gettext_lazy("to let the person join the organisation"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=gettext_lazy("deleted 30 days after it was accepted, withdrawn or expired"),
            expires=_finished_invitations,
            retention_period=timedelta(days=INVITATION_KEPT_DAYS),
            user_fields=("invited_by", "accepted_by"),
            email_field="email",
        ),
    ]


@receiver(account_deletion_requested)
def organisations_deletion_notes(sender, *, user, **kwargs):
    notes = []
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    if memberships:
        notes.append(
            DeletionNote(
                _("You leave %(organisations)s; they keep their measures, course and mark.")
                % {"organisations": ", ".join(m.organisation.name for m in memberships)}
            )
        )
    for membership in memberships:
        if membership.role != Role.ADMIN:
            continue
        others = Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN).exclude(
            user=user
        )
        if not others.exists():
            notes.append(
                DeletionNote(
                    _(
                        "You are the last administrator of %(organisation)s. Make someone else administrator "
                        "first (on the organisation's page), then delete your account."
                    )
                    % {"organisation": membership.organisation.name},
                    blocking=True,
                )
            )
    return notes


audit.register_labels(AUDIT_LABELS)
