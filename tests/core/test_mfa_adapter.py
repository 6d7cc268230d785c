"""The name suggested for a new security key (balanse.core.adapters.MFAAdapter): for a person without any
second factor (read with the session) the first key's, without asking the database; otherwise allauth's names
by the count of the person's keys."""

import pytest
from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from balanse.core.adapters import MFAAdapter
from balanse.core.auth_backends import SECOND_FACTOR
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db
WEBAUTHN = Authenticator.Type.WEBAUTHN


def test_the_site_uses_this_adapter():
    assert isinstance(get_adapter(), MFAAdapter)


def test_the_first_key_of_a_person_known_to_have_no_second_factor_is_named_without_a_query(
    client, django_assert_num_queries
):
    person = OperatorFactory()
    setattr(person, SECOND_FACTOR, False)
    with django_assert_num_queries(0), translation.override("nb"):
        assert get_adapter().generate_authenticator_name(person, WEBAUTHN) == "Hovednøkkel"

    client.force_login(person)  # an operator is sent to add a second factor, and may open this page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("mfa_add_webauthn"), headers={"accept-language": "nb"})
    assert response.status_code == 200
    assert response.context["form"]["name"].value() == "Hovednøkkel"
    assert not any("COUNT" in query["sql"] for query in captured.captured_queries)


def test_otherwise_allauth_counts_the_keys():
    person = OperatorFactory()
    Authenticator.objects.create(user=person, type=WEBAUTHN, data={})
    with translation.override("en"):
        assert get_adapter().generate_authenticator_name(person, WEBAUTHN) == "Backup key"  # not read along
        setattr(person, SECOND_FACTOR, True)
        assert get_adapter().generate_authenticator_name(person, WEBAUTHN) == "Backup key"
        Authenticator.objects.all().delete()
        assert (
            get_adapter().generate_authenticator_name(person, WEBAUTHN) == "Master key"
        )  # asked, not assumed
        for _ in range(3):
            Authenticator.objects.create(user=person, type=WEBAUTHN, data={})
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})  # not counted
        assert get_adapter().generate_authenticator_name(person, WEBAUTHN) == "Key nr. 4"
        assert DefaultMFAAdapter().generate_authenticator_name(person, WEBAUTHN) == "Key nr. 4"  # as allauth
