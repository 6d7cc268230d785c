"""The security keys' library reads each data class's type hints once (balanse.core.fido), with the same result."""

import json
import typing
from unittest import mock

import pytest
from django.urls import reverse
from fido2 import utils, webauthn

from balanse.core import fido

pytestmark = pytest.mark.django_db


def creation_options(client) -> dict:
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    data = page.split('<script id="js_data" type="application/json">')[1].split("</script>")[0]
    options = json.loads(data)["creation_options"]["publicKey"]
    assert len(options.pop("challenge")) >= 32  # new each time
    return options


def test_fido2_reads_the_hints_once_and_the_page_offers_the_same_options(operator_client, operator):
    assert utils.get_type_hints is fido.hints_read_once
    kept = creation_options(operator_client)
    with mock.patch.object(utils, "get_type_hints", typing.get_type_hints):
        assert creation_options(operator_client) == kept
    assert kept["user"]["name"] == operator.email and len(kept["pubKeyCredParams"]) >= 2
    # Asked again, a class's hints are not read again, and are what typing reads.
    with mock.patch.object(typing, "get_type_hints", wraps=typing.get_type_hints) as reading:
        hints = fido.hints_read_once(webauthn.PublicKeyCredentialCreationOptions)
    assert reading.call_count == 0
    assert hints == typing.get_type_hints(webauthn.PublicKeyCredentialCreationOptions)
    hints["rp"] = None  # a caller's change stays its own
    assert fido.hints_read_once(webauthn.PublicKeyCredentialCreationOptions)["rp"] is not None


def test_a_fido2_that_reads_hints_another_way_is_left_alone():
    own = object()
    with mock.patch.object(utils, "get_type_hints", own):
        assert fido.read_type_hints_once() is False
        assert utils.get_type_hints is own
