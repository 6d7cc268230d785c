from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from balanse.core.models import AuditEntry, User
from balanse.organisations import services
from balanse.organisations.models import ArtField, Invitation, Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite_person, with the e-mail that is sent when the transaction commits."""

    def _invite(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_person(**kwargs)

    return _invite


def token_from_last_email() -> str:
    body = mail.outbox[-1].body
    return body.split("/invitasjon/")[1].split("/")[0]


def test_create_organisation_saves_fields_and_audits(operator):
    music = ArtField.objects.get(code="music")
    organisation = services.create_organisation(
        by=operator,
        data={"name": "Nytt kor", "org_number": "923609016", "art_fields": [music], "municipality": "Bergen"},
    )
    assert list(organisation.art_fields.values_list("code", flat=True)) == ["music"]
    entry = AuditEntry.objects.get(object_id=str(organisation.pk), action="organisation.created")
    assert entry.actor == operator


def test_create_organisation_with_bad_number_changes_nothing(operator):
    with pytest.raises(ValidationError):
        services.create_organisation(by=operator, data={"name": "Feil", "org_number": "923609017"})
    assert not Organisation.objects.filter(name="Feil").exists()
    assert not AuditEntry.objects.filter(action__startswith="organisation.").exists()


def test_create_organisation_duplicate_number_is_rejected(operator):
    OrganisationFactory(org_number="923609016")
    with pytest.raises(ValidationError) as exc:
        services.create_organisation(by=operator, data={"name": "Kopi", "org_number": "923609016"})
    assert "allerede" in str(exc.value) or "already" in str(exc.value)


def test_update_organisation_records_changed_field_names_only(operator, organisation):
    services.update_organisation(
        organisation=organisation, by=operator, data={"description": "Ny tekst", "municipality": "Oslo"}
    )
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.details == {"fields": ["description"]}
    assert "Ny tekst" not in str(entry.details)


def test_update_organisation_without_changes_writes_no_audit(operator, organisation):
    services.update_organisation(organisation=organisation, by=operator, data={"municipality": "Oslo"})
    assert not AuditEntry.objects.filter(action="organisation.updated").exists()


def test_invite_person_sends_link_and_accepting_creates_user_and_membership(operator, organisation, invite):
    invite(
        organisation=organisation,
        email="Ny@Example.org",
        role=Role.ADMIN,
        invited_by=operator,
        base_url="http://x",
    )
    assert mail.outbox[-1].to == ["ny@example.org"]
    token = token_from_last_email()
    person = services.accept_invitation(token=token, full_name="Ny Person")
    user, membership = person.user, person.membership
    assert person.created is True
    assert (user.email, user.full_name, user.has_usable_password()) == ("ny@example.org", "Ny Person", False)
    assert (membership.organisation, membership.role) == (organisation, Role.ADMIN)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invitation.created", "user.created", "membership.created", "invitation.accepted"} <= actions


def test_invitation_cannot_be_used_twice(operator, organisation, invite):
    invite(organisation=organisation, email="a@example.org", role=Role.MEMBER, invited_by=operator)
    token = token_from_last_email()
    services.accept_invitation(token=token, full_name="A Person")
    with pytest.raises(services.InvitationError) as exc:
        services.accept_invitation(token=token)
    assert "allerede brukt" in str(exc.value)
    assert Membership.objects.filter(user__email="a@example.org").count() == 1


def test_expired_invitation_is_refused_and_changes_nothing(operator, organisation, settings, invite):
    invite(organisation=organisation, email="b@example.org", role=Role.MEMBER, invited_by=operator)
    token = token_from_last_email()
    later = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1)
    with time_machine.travel(later), pytest.raises(services.InvitationError) as exc:
        services.accept_invitation(token=token)
    assert "utløpt" in str(exc.value)
    assert not User.objects.filter(email="b@example.org").exists()


def test_unknown_token_is_refused():
    with pytest.raises(services.InvitationError) as exc:
        services.get_invitation("not-a-token")
    assert "ikke gyldig" in str(exc.value)


def test_new_invitation_replaces_pending_one(operator, organisation, invite):
    invite(organisation=organisation, email="c@example.org", role=Role.MEMBER, invited_by=operator)
    old_token = token_from_last_email()
    invite(organisation=organisation, email="c@example.org", role=Role.ADMIN, invited_by=operator)
    with pytest.raises(services.InvitationError) as exc:
        services.accept_invitation(token=old_token)
    assert "trukket tilbake" in str(exc.value)
    assert Invitation.objects.pending().get().role == Role.ADMIN


def test_inviting_an_existing_member_is_refused(operator, org_member, organisation, invite):
    with pytest.raises(ValidationError) as exc:
        invite(
            organisation=organisation, email=org_member.email.upper(), role=Role.MEMBER, invited_by=operator
        )
    assert exc.value.code == "already_member"


def test_existing_user_accepting_second_organisation_keeps_one_account(operator, org_member, invite):
    other = OrganisationFactory()
    invite(organisation=other, email=org_member.email, role=Role.MEMBER, invited_by=operator)
    # An existing account accepts while logged in as itself (the view makes sure of that).
    person = services.accept_invitation(token=token_from_last_email(), user=org_member)
    user = person.user
    assert (user, person.created) == (org_member, False)
    assert set(Organisation.objects.for_user(user)) == {other, org_member.memberships.first().organisation}


def test_last_admin_cannot_be_demoted_or_removed(org_admin, organisation):
    membership = Membership.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        services.change_role(membership=membership, role=Role.MEMBER, by=org_admin)
    with pytest.raises(ValidationError):
        services.remove_member(membership=membership, by=org_admin)
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_admin_can_be_demoted_when_another_admin_exists(org_admin, organisation):
    MembershipFactory(organisation=organisation, role=Role.ADMIN)
    membership = Membership.objects.get(user=org_admin)
    services.change_role(membership=membership, role=Role.MEMBER, by=org_admin)
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER
    entry = AuditEntry.objects.get(action="membership.role_changed")
    assert entry.details == {"old": "admin", "new": "member"}


def test_revoke_invitation_only_when_pending(operator, organisation, invite):
    invitation = invite(
        organisation=organisation, email="d@example.org", role=Role.MEMBER, invited_by=operator
    )
    services.revoke_invitation(invitation=invitation, by=operator)
    with pytest.raises(ValidationError):
        services.revoke_invitation(invitation=invitation, by=operator)


def test_get_or_create_person_is_the_one_place_accounts_are_made(operator, organisation):
    person = services.get_or_create_person(
        email=" Ny@Example.org ", via="course", by=operator, full_name="Ny"
    )
    assert (person.user.email, person.user.full_name, person.created, person.membership) == (
        "ny@example.org",
        "Ny",
        True,
        None,
    )
    assert AuditEntry.objects.get(action="user.created").details == {"via": "course"}
    again = services.get_or_create_person(
        email="ny@example.org",
        via="invitation",
        full_name="Et annet navn",
        email_verified=True,
        organisation=organisation,
        role=Role.MEMBER,
    )
    assert (again.user, again.created, again.user.full_name) == (person.user, False, "Ny")
    assert (again.membership.organisation, again.membership.role) == (organisation, Role.MEMBER)
    assert again.user.emailaddress_set.get().verified is True
    assert User.objects.filter(email="ny@example.org").count() == 1


def test_get_or_create_person_arguments_are_keyword_only():
    import inspect

    parameters = inspect.signature(services.get_or_create_person).parameters.values()
    assert {p.kind for p in parameters} == {inspect.Parameter.KEYWORD_ONLY}
