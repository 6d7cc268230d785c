"""The organisation page's people and open invitations are read by SQL compiled once (organisations.queries):
the same rows as the ORM's, in its order, with the person and the sender read along."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from balanse.core import compiled
from balanse.organisations import queries
from balanse.organisations.models import Invitation, Membership, Role
from tests.factories import OrganisationFactory, make_org_admin, make_org_member
from tests.organisations.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_people_administrators_first_then_by_address_with_their_person():
    compiled.forget()
    organisation, other = OrganisationFactory(), OrganisationFactory()
    make_org_member(organisation, user__email="b@example.org")
    make_org_admin(organisation)
    make_org_member(organisation, user__email="a@example.org")
    make_org_member(other)
    expected = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__email")
    )
    found = queries.people_of(organisation)
    assert found == expected and found[0].role == Role.ADMIN
    assert [_fields(m.user) for m in found] == [_fields(m.user) for m in expected]


def test_open_invitations_as_the_orm_gives_them_now_and_later():
    compiled.forget()
    organisation = OrganisationFactory()
    kept = InvitationFactory(organisation=organisation)
    revoked = InvitationFactory(organisation=organisation)
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    soon = InvitationFactory(organisation=organisation)
    Invitation.objects.filter(pk=soon.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    InvitationFactory()  # another organisation's

    def orm():
        return list(
            Invitation.objects.filter(organisation=organisation).pending().select_related("invited_by")
        )

    found = queries.pending_invitations(organisation)
    assert found == orm() and set(found) == {kept, soon}
    assert [_fields(i.invited_by) for i in found] == [_fields(i.invited_by) for i in orm()]
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert queries.pending_invitations(organisation) == orm() == [kept]
