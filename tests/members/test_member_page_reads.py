"""A member's page and the member list read through SQL compiled once (`balanse.core.compiled`, issue 19):
each read gives what the ORM query it replaced gives, with data that tells them apart (other members' rows,
other years, other organisations, rows of other kinds)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from balanse.certification.models import Certification
from balanse.core.audit import entries_for, latest_entries_for, record
from balanse.members import forms, queries
from balanse.members.models import Contact, ContactKind, Fee, FeeTier, Member, Payment
from balanse.organisations.models import Role
from balanse.organisations.queries import admins_of
from tests.factories import MembershipFactory, OperatorFactory, OrganisationFactory, UserFactory
from tests.members.factories import FeeFactory, FeeTierFactory, MemberFactory
from tests.members.test_query_counts import make_members

pytestmark = pytest.mark.django_db


def state(obj) -> dict:
    """Every concrete field's value of a model instance."""
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def states(objects) -> list[dict]:
    return [state(obj) for obj in objects]


@pytest.fixture
def two_members():
    first = MemberFactory(joined=date(2019, 3, 1), contact_name="Første", invoice_email="f@example.org")
    other = MemberFactory(joined=date(2018, 1, 1), field=None)
    return first, other


def test_a_member_is_read_with_its_organisation_and_field_as_select_related(two_members):
    for member in two_members:
        expected = Member.objects.select_related("organisation", "field").get(pk=member.pk)
        found = queries.member_of(member.pk)
        assert state(found) == state(expected)
        assert state(found.organisation) == state(expected.organisation)
        assert (found.field and state(found.field)) == (expected.field and state(expected.field))
    assert two_members[1].field is None and queries.member_of(two_members[1].pk).field is None
    assert queries.member_of(max(m.pk for m in two_members) + 1) is None


def test_a_members_fees_are_its_own_in_the_same_order(two_members):
    first, other = two_members
    for year, tier in ((2019, 5000), (2021, None), (2020, 15000)):
        FeeFactory(member=first, year=year, tier=tier, agreement="" if tier else "Samarbeid")
    FeeFactory(member=other, year=2020)
    found = queries.fees_of(first)
    assert [fee.year for fee in found] == [2021, 2020, 2019]
    assert states(found) == states(first.fees.all())
    assert all(fee.member is first for fee in found)
    assert queries.fees_of(MemberFactory()) == []


def test_a_members_contacts_are_those_of_the_year_latest_first(two_members):
    first, other = two_members
    by = OperatorFactory()
    for day in (date(2020, 1, 1), date(2020, 12, 31), date(2020, 6, 1), date(2019, 12, 31), date(2021, 1, 1)):
        Contact.objects.create(member=first, date=day, kind=ContactKind.TALK, note=f"{day}", by=by)
    Contact.objects.create(member=first, date=date(2020, 6, 1), kind=ContactKind.COURSE, note="same day")
    Contact.objects.create(member=other, date=date(2020, 5, 1), kind=ContactKind.TALK)
    for year in (2019, 2020, 2021, 2022):
        expected = first.contacts.filter(date__year=year).select_related("by")
        assert states(queries.contacts_of(first, year)) == states(expected)
    assert len(queries.contacts_of(first, 2020)) == 4


def test_the_certification_is_that_of_latest_for(two_members):
    first, other = two_members
    now = datetime(2024, 5, 1, tzinfo=UTC)
    Certification.objects.create(organisation=OrganisationFactory(), created=now + timedelta(days=1))
    Certification.objects.create(
        organisation=first.organisation,
        created=now,
        state=Certification.State.CERTIFIED,
        valid_from=date(2024, 5, 1),
        valid_until=date(2027, 4, 30),
        certificate_number="BM-2024-001",
    )
    expected = Certification.objects.latest_for(first.organisation)
    assert state(queries.latest_certification(first.organisation_id)) == state(expected)
    assert Certification.objects.latest_for(other.organisation) is None
    assert queries.latest_certification(other.organisation_id) is None


def test_the_admins_are_those_of_admins_of(two_members):
    first, other = two_members
    for email in ("c@example.org", "a@example.org", "b@example.org"):
        MembershipFactory(user=UserFactory(email=email), organisation=first.organisation, role=Role.ADMIN)
    MembershipFactory(
        user=UserFactory(email="0-inactive@example.org", is_active=False),
        organisation=first.organisation,
        role=Role.ADMIN,
    )
    MembershipFactory(user=UserFactory(email="0-member@example.org"), organisation=first.organisation)
    MembershipFactory(
        user=UserFactory(email="0-other@example.org"), organisation=other.organisation, role=Role.ADMIN
    )
    found = queries.admins_of(first.organisation_id)
    assert [user.email for user in found] == ["a@example.org", "b@example.org", "c@example.org"]
    assert states(found) == states(admins_of(first.organisation))
    assert queries.admins_of(OrganisationFactory().pk) == []


def test_the_latest_entries_are_the_first_of_entries_for(two_members):
    first, other = two_members
    operator = OperatorFactory()
    for index in range(14):
        record(actor=operator if index % 2 else None, action=f"members.test_{index}", obj=first)
    record(actor=operator, action="members.other", obj=other)
    record(actor=operator, action="members.fee", obj=FeeFactory(member=first, year=2020))
    found = latest_entries_for(first, 10)
    expected = list(entries_for(first)[:10])
    assert states(found) == states(expected)
    assert [entry.actor for entry in found] == [entry.actor for entry in expected]
    assert len(found) == 10 and found[0].action == "members.test_13"
    assert states(latest_entries_for(other, 10)) == states(entries_for(other)[:10])


def test_the_tier_year_and_its_tiers_are_those_of_the_orm():
    FeeTierFactory(year=2019, amount=4000)
    FeeTierFactory(year=2021, amount=6000, description="Mer")
    FeeTierFactory(year=2021, amount=9000, description="")
    for year in (2018, 2019, 2020, 2021, 2030):
        expected = (
            FeeTier.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
        )
        assert queries.tier_year_for(year) == expected
    assert forms.tier_choices(2021) == [("9000", "9\u00a0000 kr"), ("6000", "6\u00a0000 kr – Mer")]
    assert forms.tier_choices(2020) == []


# The values of `queries.LIST_ROW`, as attributes of `member_list`'s members.
LIST_ROW_ATTRIBUTES = (
    "pk",
    "organisation.name",
    "organisation.municipality",
    "joined",
    "left",
    "field_code",
    "fee_tier",
    "fee_agreement",
    "fee_paid",
    "has_fee",
)


def _value(member, name: str):
    for part in name.split("."):
        member = getattr(member, part)
    return member


def test_the_list_rows_are_the_orm_lists_rows():
    """`Listed`'s rows (a page, compiled once) give each member's values as `member_list` does: the year's fee,
    not another year's, the art field, a member that left; in the list's order, organisations of the same name
    kept apart by the organisation."""
    make_members(12)
    Member.objects.filter(organisation__name="Medlem 0003").update(left=date(2020, 6, 1), field=None)
    Fee.objects.create(
        member=Member.objects.get(organisation__name="Medlem 0001"), year=2021, tier=1000, paid=7
    )
    Fee.objects.filter(member__organisation__name="Medlem 0005").delete()
    Organisation = Member._meta.get_field("organisation").related_model
    Organisation.objects.filter(name="Medlem 0008").update(name="MEDLEM 0007")  # the same name in lower case
    assert len(queries.LIST_ROW) == len(LIST_ROW_ATTRIBUTES)
    for year in (2020, 2021):
        listed = list(queries.member_list(year=year).order_by("organisation_id"))
        listed.sort(key=lambda member: member.organisation.name.lower())  # stable: the organisation's key
        expected = [tuple(_value(m, name) for name in LIST_ROW_ATTRIBUTES) for m in listed]
        assert {row[9] for row in expected} == {True, False}
        assert queries.Listed(year)[0:50] == expected
        assert queries.Listed(year)[3:5] == expected[3:5]
        assert queries.Listed(year)[4] == expected[4]
    assert queries.Listed(2020)[50:100] == []


def test_the_member_page_answers_404_for_an_unknown_member_and_403_without_the_permission(
    operator_client, client, two_members
):
    assert operator_client.get(reverse("members:detail", args=[99999])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("members:detail", args=[99999])).status_code == 403
    assert client.get(reverse("members:detail", args=[two_members[0].pk])).status_code == 403


def test_the_contacts_reached_are_each_years_organisations_read_without_extracting_years(two_members):
    """`contacts_reached` names each contact's year by the range of days that holds its date (no call into
    Python per row): the same pairs as the contacts' years read by the ORM, one year or several together."""
    first, other = two_members
    third = MemberFactory()
    for member, day in (
        (first, date(2019, 12, 31)),
        (first, date(2020, 1, 1)),
        (first, date(2020, 1, 2)),
        (other, date(2020, 12, 31)),
        (other, date(2021, 1, 1)),
        (third, date(2022, 7, 1)),
        (third, date(2018, 7, 1)),
    ):
        Contact.objects.create(member=member, date=day, kind=ContactKind.TALK)

    def expected(year: int) -> list[tuple[int, str]]:
        return sorted(
            {
                (contact.member.organisation_id, "contact")
                for contact in Contact.objects.filter(date__year=year)
            }
        )

    for year in (2018, 2019, 2020, 2021, 2022, 2023):
        assert sorted(queries.contacts_reached(year)) == expected(year)
        assert sorted(queries.contacts_reached(year, together=(2019, 2021, 2022))) == expected(year)
    assert sorted(queries.contacts_reached(2020)) == sorted(
        [(first.organisation_id, "contact"), (other.organisation_id, "contact")]
    )


def test_the_payments_pages_lists_are_those_of_the_orm(two_members):
    """The payments to place and the latest placed (compiled once) are the ORM's: the newest first, only those
    not placed nor set aside, only those placed, each with its fee's year and member."""
    first, other = two_members
    fees = [FeeFactory(member=first, year=2019), FeeFactory(member=other, year=2020)]
    for index in range(8):
        Payment.objects.create(
            reference=f"r{index}",
            source=[Payment.Source.CSV, Payment.Source.CAMT][index % 2],
            booked_on=date(2020, 1 + index % 3, 1),
            amount=Decimal("100.50") + index,
            fee=fees[index % 2] if index % 3 == 0 else None,
            dismissed_at=datetime(2020, 5, 1, tzinfo=UTC) if index == 4 else None,
        )
    expected_open = Payment.objects.filter(fee__isnull=True, dismissed_at__isnull=True)
    assert states(queries.open_payments(100)) == states(expected_open)
    assert states(queries.open_payments(2)) == states(expected_open[:2])
    placed = Payment.objects.exclude(fee__isnull=True).select_related("fee__member__organisation")
    expected = [
        (p.booked_on, p.fee.member_id, p.fee.member.organisation.name, p.fee.year, p.amount, p.source)
        for p in placed
    ]
    assert len(expected) == 3
    assert queries.recent_payments(20) == expected
    assert queries.recent_payments(2) == expected[:2]


def test_how_the_members_organisation_was_reached_shows_a_contact_logged_since_the_page_was_last_shown(
    client, two_members
):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    member, _other = two_members
    operator = OperatorFactory()
    TOTP.activate(operator, generate_totp_secret())
    client.force_login(operator)
    url = reverse("members:detail", args=[member.pk]) + "?ar=2026"
    assert "Nådd gjennom:" not in client.get(url).content.decode()
    assert "Nådd gjennom:" not in client.get(url).content.decode()  # kept
    Contact.objects.create(member=member, date=date(2026, 5, 4), kind=ContactKind.TALK)
    assert "Nådd gjennom: loggført kontakt." in client.get(url).content.decode()
    assert (
        "Nådd gjennom:"
        not in client.get(reverse("members:detail", args=[member.pk]) + "?ar=2025").content.decode()
    )
