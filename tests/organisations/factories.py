"""Factories for the organisations app beyond tests/factories.py (users, organisations, memberships)."""

from datetime import timedelta

import factory
from django.utils import timezone

from balanse.organisations import services
from balanse.organisations.models import ArtField, ArtFieldCode, Invitation, Role
from tests.factories import OrganisationFactory, make_org_admin


class ArtFieldFactory(factory.django.DjangoModelFactory):
    """The art fields are a fixed list (the annual report's), loaded as default content: the factory hands
    out those rows, one code after the other, and makes a missing one."""

    class Meta:
        model = ArtField
        django_get_or_create = ("code",)

    code = factory.Iterator(ArtFieldCode.values)
    position = factory.LazyAttribute(lambda o: ArtFieldCode.values.index(o.code))


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation, made by services.invite_person (which e-mails the link and records it). The token is
    only e-mailed, so the factory puts a known one on the invitation as `token` for tests that accept it."""

    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitert{n}@example.org")
    role = Role.MEMBER
    invited_by = factory.LazyAttribute(lambda o: make_org_admin(o.organisation))

    @classmethod
    def _create(cls, model_class, *, organisation, email, role, invited_by, **extra):
        invitation = services.invite_person(
            organisation=organisation, email=email, role=role, invited_by=invited_by
        )
        if extra:  # e.g. expires_at in the past, accepted_at, revoked_at
            for name, value in extra.items():
                setattr(invitation, name, value)
            invitation.full_clean()
            invitation.save()
        return invitation

    @classmethod
    def _build(cls, model_class, **kwargs):
        kwargs.setdefault("expires_at", timezone.now() + timedelta(days=14))
        return model_class(token_hash="0" * 64, **kwargs)
