"""The organisation page's membership panel (members.receivers.members_organisation_panel) reads the fees with
their membership, or the membership alone, from SQL compiled once: what the ORM gives, newest year first."""

from datetime import date

import pytest
from django.test import RequestFactory

from balanse.core import compiled
from balanse.members.models import Fee, Member
from balanse.members.receivers import members_organisation_panel
from tests.factories import OrganisationFactory, make_org_admin
from tests.members.factories import FeeFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _panel(organisation):
    request = RequestFactory().get("/")
    request.user = make_org_admin(organisation)
    (panel,) = members_organisation_panel(None, request=request, organisation=organisation)
    return panel.context


def test_fees_newest_first_with_their_membership_and_the_membership_alone_without_fees():
    compiled.forget()
    with_fees, without_fees, none = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    member = MemberFactory(organisation=with_fees, joined=date(2019, 5, 1))
    for year in (2020, 2022, 2021):
        FeeFactory(member=member, year=year)
    alone = MemberFactory(organisation=without_fees, joined=date(2021, 1, 1))
    FeeFactory(member=MemberFactory(organisation=OrganisationFactory()), year=2022)  # another member's fee

    context = _panel(with_fees)
    expected = list(
        Fee.objects.filter(member__organisation=with_fees).select_related("member").order_by("-year")
    )
    assert context["member_fees"] == expected and [fee.year for fee in expected] == [2022, 2021, 2020]
    assert all(fee.member == member and fee.member.joined == member.joined for fee in context["member_fees"])
    assert context["member"] == member
    context = _panel(without_fees)
    assert context["member_fees"] == [] and context["member"] == alone == Member.objects.get(
        organisation=without_fees
    )
    context = _panel(none)
    assert context["member_fees"] == [] and context["member"] is None
