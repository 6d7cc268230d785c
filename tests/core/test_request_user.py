"""The request's person (`balanse.core.middleware.RequestUser`): found when first asked, then the account's own
attributes, whatever the account (or the anonymous user) answers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from balanse.core.middleware import RequestUser
from balanse.core.models import User

pytestmark = pytest.mark.django_db


def test_the_person_is_found_once_when_first_asked_and_then_answers_as_the_account(org_admin):
    asked = []

    def find():
        asked.append(True)
        return org_admin

    user = RequestUser(find)
    assert asked == []
    assert user.is_authenticated and user.pk == org_admin.pk and user.email == org_admin.email
    assert asked == [True]
    assert isinstance(user, User) and user == org_admin and hash(user) == hash(org_admin)
    assert user._meta is User._meta and user.has_perm("core.view_operator_pages") is False
    user.first_name = "Endret"  # set on the account itself
    assert org_admin.first_name == "Endret" and user.first_name == "Endret"
    assert not hasattr(user, "no_such_attribute")
    with pytest.raises(AttributeError):
        user.no_such_attribute  # noqa: B018
    assert asked == [True]


def test_the_anonymous_user_answers_as_itself():
    user = RequestUser(AnonymousUser)
    assert not user.is_authenticated and user.pk is None and isinstance(user, AnonymousUser)
    assert str(user) == "AnonymousUser"
