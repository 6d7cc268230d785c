"""Every page of the member register answers each role as it should."""

from datetime import date

import pytest
from django.urls import reverse

from balanse.core.models import ImportUpload
from balanse.members.models import Contact, ContactKind, MembershipApplication
from balanse.organisations.models import ArtField
from tests.access import ROLES, assert_status
from tests.members.factories import FeeFactory, FeeTierFactory, MemberFactory

pytestmark = pytest.mark.django_db

# anonymous, member, admin, other_admin, operator, learner (logged-in non-operators get 403)
OPERATOR_ONLY = ["login", 403, 403, 403, 200, 403]


@pytest.fixture
def objects(organisation, operator):
    member = MemberFactory(organisation=organisation, joined=date(2019, 1, 1))
    fee = FeeFactory(member=member, year=2020, tier=5000, kid="20200000014", due_date=date(2020, 7, 1))
    tier = FeeTierFactory(year=2020, amount=5000)
    application = MembershipApplication.objects.create(
        name="Søker",
        field=ArtField.objects.first(),
        municipality="Oslo",
        contact_name="A",
        contact_email="a@b.example",
    )
    contact = Contact.objects.create(member=member, date=date(2020, 3, 1), kind=ContactKind.TALK)
    upload = ImportUpload.objects.create(
        kind="members-bank-statement", filename="s.csv", content=b"dato;belop;kid\n", uploaded_by=operator
    )
    return {
        "member": member,
        "fee": fee,
        "tier": tier,
        "application": application,
        "contact": contact,
        "upload": upload,
    }


GET_PAGES = [
    ("members:list", lambda o: [], OPERATOR_ONLY),
    ("members:export", lambda o: [], OPERATOR_ONLY),
    ("members:add", lambda o: [], OPERATOR_ONLY),
    ("members:detail", lambda o: [o["member"].pk], OPERATOR_ONLY),
    ("members:edit", lambda o: [o["member"].pk], OPERATOR_ONLY),
    ("members:applications", lambda o: [], OPERATOR_ONLY),
    ("members:application", lambda o: [o["application"].pk], OPERATOR_ONLY),
    ("members:fees", lambda o: [], OPERATOR_ONLY),
    ("members:invoice_basis", lambda o: [2020], OPERATOR_ONLY),
    ("members:payments", lambda o: [], OPERATOR_ONLY),
    ("members:statement", lambda o: [o["upload"].pk], OPERATOR_ONLY),
    ("members:collaboration", lambda o: [], OPERATOR_ONLY),
    ("members:supporting", lambda o: [], OPERATOR_ONLY),
    # The organisation's own admins (and the staff) see its invoice; its plain members and other admins do not.
    ("members:invoice", lambda o: [o["member"].organisation.pk, 2020], ["login", 403, 200, 403, 200, 403]),
    # Public pages
    ("members:apply", lambda o: [], [200] * 6),
    ("members:apply_thanks", lambda o: [], [200] * 6),
    ("members:supporting_signup", lambda o: [], [200] * 6),
    ("members:supporting_sent", lambda o: [], [200] * 6),
]

POSTS = [
    ("members:set_fee", lambda o: [o["member"].pk, 2020]),
    ("members:record_payment", lambda o: [o["member"].pk, 2020]),
    ("members:save_fee_year", lambda o: [2020]),
    ("members:add_tier", lambda o: [2020]),
    ("members:delete_tier", lambda o: [o["tier"].pk]),
    ("members:create_claims", lambda o: [2020]),
    ("members:send_invoices", lambda o: [2020]),
    ("members:send_reminders", lambda o: []),
    ("members:place_payment", lambda o: [1]),
    ("members:delete_contact", lambda o: [o["contact"].pk]),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_member_pages_access_per_role(client_for, objects, name, args, expected, role_index):
    client = client_for(ROLES[role_index])
    response = client.get(reverse(name, args=args(objects)))
    assert_status(response, expected[role_index])


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "admin", "other_admin"])
def test_member_actions_are_for_the_operator_only(client_for, objects, name, args, role):
    response = client_for(role).post(reverse(name, args=args(objects)))
    assert_status(response, "login" if role == "anonymous" else 403)


def test_actions_answer_get_with_405(client_for, objects):
    response = client_for("operator").get(reverse("members:create_claims", args=[2020]))
    assert response.status_code == 405


def test_invoice_pdf_by_the_e_mailed_link_needs_no_log_in(client, objects):
    from balanse.members.services import invoice_token

    response = client.get(reverse("members:invoice_by_link", args=[invoice_token(objects["fee"])]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("members:invoice_by_link", args=["feil"])).status_code == 404


def test_a_statement_upload_is_only_for_the_operator_who_made_it(client_for, objects, operator):
    from tests.factories import OperatorFactory

    other = OperatorFactory()
    objects["upload"].uploaded_by = other
    objects["upload"].save()
    assert (
        client_for("operator").get(reverse("members:statement", args=[objects["upload"].pk])).status_code
        == 404
    )
