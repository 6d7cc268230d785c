"""The operator's member pages do per page what they used to do per row (issue 19): links reversed once,
dates and amounts written once per value, the year's fee joined rather than looked up member by member, a
form's choices read once for every payment; and the numbers they show are those of the annual figures."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.db.models import F
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.urls.resolvers import URLResolver
from django.utils import translation

from balanse.core.views_helpers import row_link
from balanse.members import queries, services
from balanse.members.models import Fee, FeeTier, FeeYear, Payment
from balanse.members.views.rows import detail_link, kroner, kroner_and_ore
from tests.members.factories import FeeFactory, MemberFactory, SupportingMemberFactory, tiers_2020
from tests.members.test_query_counts import count_queries, make_members

pytestmark = pytest.mark.django_db


def reversed_urls(client, url) -> int:
    """How many URLs Django reverses while answering `url` (every `{% url %}` and `reverse()`)."""
    original = URLResolver._reverse_with_prefix
    with mock.patch.object(URLResolver, "_reverse_with_prefix", autospec=True, side_effect=original) as spy:
        response = client.get(url)
    assert response.status_code == 200
    return spy.call_count


def test_member_list_reverses_as_many_urls_for_1_member_as_for_50(operator_client):
    url = reverse("members:list") + "?ar=2020"
    make_members(1)
    reversed_urls(operator_client, url)  # the page's fixed links are reversed once per process (path_of)
    with_1 = reversed_urls(operator_client, url)
    make_members(49, start=1)
    page = operator_client.get(url).content.decode()
    assert reversed_urls(operator_client, url) == with_1
    first = MemberFactory._meta.model.objects.get(organisation__name="Medlem 0000")
    assert f'href="{reverse("members:detail", args=[first.pk])}?ar=2020">Medlem 0000</a>' in page
    row = page.split(">Medlem 0000</a>")[1].split("</tr>")[0]
    assert f"<td>{first.field}</td>" in row
    assert f'<td class="nowrap">{first.joined:%d.%m.%Y}</td>' in row


def test_member_list_reads_the_years_fee_in_the_same_select_without_a_subquery(operator_client):
    make_members(60)
    with CaptureQueriesContext(connection) as ctx:
        operator_client.get(reverse("members:list") + "?ar=2020&fee=unpaid")
    listing = [q["sql"] for q in ctx.captured_queries if '"fee_tier"' in q["sql"]]
    assert len(listing) == 1
    assert listing[0].count("SELECT") == 1


def test_fee_page_reverses_as_many_urls_for_1_unpaid_claim_as_for_50(operator_client):
    url = reverse("members:fees") + "?ar=2020"
    make_members(3)  # one of them owes 5 000 with a KID
    reversed_urls(operator_client, url)  # the page's fixed links are reversed once per process (path_of)
    with_1 = (reversed_urls(operator_client, url), count_queries(operator_client, url))
    make_members(147, start=3)
    page = operator_client.get(url)
    assert (len(page.context["unpaid"]), page.context["unpaid_total"]) == (50, 50)
    assert (reversed_urls(operator_client, url), count_queries(operator_client, url)) == with_1
    assert with_1[1] <= 12
    row = page.content.decode().split(">Medlem 0001</a>")[1].split("</tr>")[0]
    assert '<td class="amount">5\xa0000 kr</td>' in row


def test_fee_page_keeps_what_it_reads_until_a_register_changes(operator_client):
    url = reverse("members:fees") + "?ar=2020"
    make_members(3)  # one of them owes 5 000 with a KID
    operator_client.get(url)
    with CaptureQueriesContext(connection) as read:
        kept = operator_client.get(url)
    # (the year menu's latest year is one MAX on an index, read each time)
    assert not [q for q in read.captured_queries if '"members_fee"."paid"' in q["sql"]]
    assert len(read.captured_queries) < 6 and kept.context["unpaid_total"] == 1
    # A payment recorded by a bulk update (as no form does) shows at once.
    Fee.objects.filter(year=2020).exclude(kid="").update(paid=F("tier"))
    assert operator_client.get(url).context["unpaid_total"] == 0


def test_payments_page_reverses_as_many_urls_and_runs_as_many_queries_for_1_payment_as_for_20(
    operator_client,
):
    from tests.members.factories import PaymentFactory

    url = reverse("members:payments")
    PaymentFactory()
    Payment.objects.create(reference="open-1", source="csv", booked_on=date(2020, 7, 1), amount=100)
    reversed_urls(operator_client, url)  # the page's fixed links are reversed once per process (path_of)
    with_1 = (reversed_urls(operator_client, url), count_queries(operator_client, url))
    for n in range(19):
        PaymentFactory()
        Payment.objects.create(
            reference=f"open-{n + 2}", source="csv", booked_on=date(2020, 7, 2), amount=100
        )
    page = operator_client.get(url)
    assert (len(page.context["recent"]), len(page.context["open_payments"])) == (20, 20)
    assert (reversed_urls(operator_client, url), count_queries(operator_client, url)) == with_1
    assert with_1[1] <= 12
    # Every payment's form offers the same fees.
    choices = {
        tuple(str(v) for v, _label in form.fields["fee"].choices)
        for _p, form in page.context["open_payments"]
    }
    assert (
        len(choices) == 1 and len(next(iter(choices))) == Fee.objects.filter(tier__isnull=False).count() + 1
    )


def test_supporting_members_page_counts_the_year_once(operator_client):
    url = reverse("members:supporting") + "?ar=2020"
    for n in range(3):
        SupportingMemberFactory(joined=date(2020, 2, 1 + n))
    with_3 = count_queries(operator_client, url)
    for _ in range(57):
        SupportingMemberFactory(joined=date(2019, 1, 1))
    page = operator_client.get(url + "&side=2")
    assert (page.context["total"], len(page.context["rows"]), page.context["figures"]) == (
        60,
        10,
        {"total": 60, "new": 3},
    )
    assert count_queries(operator_client, url) == with_3
    # The session with its account (and whether it has a second factor); the year's figures, the unconfirmed
    # sign-ups and the page's rows: the pager takes the year's number from the figures.
    assert with_3 == 4


@pytest.mark.parametrize("language", ["nb", "en"])
def test_row_amounts_are_written_as_the_filters_write_them(language):
    with translation.override(language):
        for amount in (0, 1000, 15000, 1234567):
            assert kroner(amount) == intcomma(amount)
        assert kroner(None) == ""
        for amount in (Decimal("1500.00"), Decimal("0.50"), Decimal("12345.6")):
            assert kroner_and_ore(amount) == intcomma(floatformat(amount, 2))
    # Kept per language: the other language's text is not given back.
    with translation.override("nb"):
        assert kroner(15000) == intcomma(15000)
    with translation.override("en"):
        assert kroner(15000) == intcomma(15000)


def test_a_rows_link_is_the_reversed_url_of_that_row():
    assert detail_link(2026)(17) == reverse("members:detail", args=[17]) + "?ar=2026"
    assert detail_link()(17) == reverse("members:detail", args=[17])
    assert row_link("members:place_payment")(5) == reverse("members:place_payment", args=[5])
    assert row_link("members:edit")(5) == reverse("members:edit", args=[5])  # the key need not come last


def fees_2020():
    tiers_2020()
    FeeFactory(tier=15000, paid=15000, kid="20200000018")
    FeeFactory(tier=5000, paid=2000, kid="20200000026", invoice_sent_at=datetime(2020, 3, 1, 12, tzinfo=UTC))
    FeeFactory(tier=5000, kid="20200000034")
    FeeFactory(tier=5000)
    FeeFactory(tier=None, agreement="Samarbeid")
    FeeFactory(tier=None)
    FeeFactory(year=2019, tier=5000, paid=5000, kid="20190000014")
    MemberFactory(joined=date(2020, 12, 1))  # no fee row
    MemberFactory(joined=date(2018, 1, 1), left=date(2019, 6, 1))  # left before the year


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_fee_page_figures_are_the_annual_figures_and_the_claims_counted_one_by_one(year):
    fees_2020()
    amounts = list(FeeTier.objects.filter(year=year).values_list("amount", flat=True))
    shown = queries.fee_page_figures(year, amounts)
    annual = queries.member_figures(year)
    fees = Fee.objects.filter(year=year)
    assert shown == {
        **{key: annual[key] for key in ("total", "fee_tiers", "special_agreement", "paid_share_percent")},
        "fee_income": annual["fee_income"],
        "claimed": fees.exclude(kid="").count(),
        "sent": fees.filter(invoice_sent_at__isnull=False).count(),
        "to_send": fees.exclude(kid="").filter(invoice_sent_at__isnull=True, tier__gt=0).count(),
        "unpaid": fees.unpaid_claims().count(),
    }


def test_fee_page_shows_the_years_figures_and_claims(operator_client):
    fees_2020()
    Fee.objects.filter(kid="20200000026").update(due_date=date(2020, 8, 1))
    page = operator_client.get(reverse("members:fees") + "?ar=2020")
    figures = page.context["figures"]
    assert (figures["total"], figures["paid_share_percent"], figures["fee_income"]) == (8, 25.0, 17000)
    assert (figures["special_agreement"], figures["fee_tiers"]["5000"], figures["fee_tiers"]["15000"]) == (
        1,
        3,
        1,
    )
    assert page.context["counts"] is figures
    assert (figures["claimed"], figures["sent"], figures["to_send"], page.context["unpaid_total"]) == (
        3,
        1,
        2,
        2,
    )
    unpaid = list(
        Fee.objects.filter(year=2020).unpaid_claims().order_by("due_date", "member__organisation__name")
    )
    assert [fee["name"] for fee in page.context["unpaid"]] == [fee.member.organisation.name for fee in unpaid]
    content = page.content.decode()
    assert "25,0 %" in content
    partly = next(fee for fee in unpaid if fee.paid)
    row = content.split(f">{partly.member.organisation.name}</a>")[1].split("</tr>")[0]
    assert content.split(f">{partly.member.organisation.name}</a>")[0].endswith(
        f'href="{reverse("members:detail", args=[partly.member_id])}?ar=2020"'
    )
    assert row == (
        '</th>\n        <td class="amount">3\xa0000 kr</td>\n        <td class="kid">20200000026</td>\n'
        '        <td class="nowrap">01.08.2020</td>\n        <td>–</td>\n      '
    )


@pytest.mark.parametrize("days_after_due", [-1, 0, 13, 14, 15, 400])
def test_reminders_due_counted_on_the_fee_page_are_those_the_reminders_go_to(days_after_due, settings):
    fees_2020()
    due = date(2020, 8, 1)
    Fee.objects.exclude(kid="").update(due_date=due)
    FeeFactory(
        tier=5000, kid="20200000042", due_date=due, reminder_sent_at=datetime(2020, 9, 1, 12, tzinfo=UTC)
    )
    today = due + timedelta(days=days_after_due)
    limit = today - timedelta(days=settings.MEMBERS_REMINDER_DAYS)
    assert queries.reminders_due_count(limit) == services.reminders_due(today).count()
    assert (
        queries.reminders_due_count(date(2100, 1, 1)) == services.reminders_due(date(2100, 1, 1)).count() == 2
    )


def test_fee_page_reads_a_years_stored_cutoff_and_tiers_as_the_orm_does():
    fees_2020()
    FeeYear.objects.create(year=2020, cutoff=date(2020, 5, 1), decided="Årsmøtet 2020")
    stored = queries.fee_year_of(2020)
    assert (stored.pk, stored.year, stored.cutoff, stored.decided) == (
        FeeYear.objects.get().pk,
        2020,
        date(2020, 5, 1),
        "Årsmøtet 2020",
    )
    assert queries.fee_year_of(2019) is None
    assert [(t.pk, t.amount, t.description) for t in queries.tiers_of(2020)] == [
        (t.pk, t.amount, t.description) for t in FeeTier.objects.filter(year=2020)
    ]
    assert queries.tiers_of(2031) == []

    def default_year(today: int) -> int:  # the page's rule, read from every fee's and tier's year
        years = sorted(
            set(Fee.objects.values_list("year", flat=True))
            | set(FeeTier.objects.values_list("year", flat=True)),
            reverse=True,
        )
        return today if today in years or not years else years[0]

    # 2019: fees, no tiers; 2020: both; 2018 and 2026: neither (the latest year is shown)
    for today in (2018, 2019, 2020, 2026):
        assert queries.default_fee_year(today) == default_year(today)
    FeeTier.objects.create(year=2031, amount=100)  # tiers only
    for today in (2019, 2026, 2031):
        assert queries.default_fee_year(today) == default_year(today)


def _plans(run) -> list[str]:
    """The query plans (SQLite's EXPLAIN QUERY PLAN) of the queries `run` makes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append("\n".join(row[3] for row in cursor.fetchall()))
    return plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
def test_the_fee_pages_default_year_and_unpaid_claims_do_not_read_every_fee():
    """The default year from the ends of the indexes, the unpaid claims and the reminders due from the partial
    indexes of unpaid claims: none scans the fees (their number grows with the register, these answers do not).
    The year's members are counted from indexes, not read row by row."""
    fees_2020()
    (years,) = _plans(lambda: queries.default_fee_year(2026))
    assert "SCAN" not in years
    (unpaid,) = _plans(lambda: queries.unpaid_of(2020, 50))
    assert "USING INDEX members_fee_unpaid (year=?)" in unpaid
    (due,) = _plans(lambda: queries.reminders_due_count(date(2020, 12, 31)))
    assert "USING INDEX members_fee_reminder_due (due_date<?)" in due
    (reminders,) = _plans(lambda: list(services.reminders_due(date(2020, 12, 31))))
    assert "members_fee_unpaid" in reminders or "members_fee_reminder_due" in reminders  # unpaid claims only
    # The fee page's members of the year from the members' index alone, those who paid from the paid fees'
    members, _groups = _plans(lambda: queries.fee_page_figures(2020, []))
    assert "SEARCH members_member USING COVERING INDEX" in members
    assert "SEARCH members_fee USING INDEX members_fee_paid (year=?)" in members
    # The collaboration page's members reached, counted from the members' index alone
    some = list(Fee.objects.values_list("member__organisation_id", flat=True)[:2])
    (reached,) = _plans(lambda: queries.collaboration_counts(2020, dict.fromkeys(some, {"contact"})))
    assert "SEARCH members_member USING COVERING INDEX" in reached


def test_collaboration_reads_the_years_members_and_counts_the_years_contacts_as_the_orm_does():
    from balanse.members.models import Contact, Member

    fees_2020()
    member = Member.objects.first()
    for day in (date(2019, 12, 31), date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1)):
        Contact.objects.create(member=member, date=day, kind="talk")
    for year in (2019, 2020, 2021):
        assert queries.contacts_count(year) == Contact.objects.filter(date__year=year).count() >= 1
        every = list(
            Member.objects.of_year(year)
            .order_by("organisation__name", "pk")
            .values_list("pk", "organisation_id", "organisation__name", "field__code")
        )
        some = {row[1] for row in every[::3]}
        for reached_ids in (set(), some, {row[1] for row in every}):
            assert list(queries.collaboration_members(year, reached_ids, reached=True)) == [
                row for row in every if row[1] in reached_ids
            ]
            assert list(queries.collaboration_members(year, reached_ids, reached=False)) == [
                row for row in every if row[1] not in reached_ids
            ]
            for wanted in (True, False):  # a page of the list: only its rows, in the list's order
                rows = [row for row in every if (row[1] in reached_ids) == wanted]
                members = queries.collaboration_members(year, reached_ids, reached=wanted)
                assert members[1:3] == rows[1:3]
                assert members[2:50] == rows[2:50]
            counted = queries.collaboration_counts(year, dict.fromkeys(reached_ids, {"contact"}))
            assert (counted["members"], counted["members_reached"]) == (
                len(every),
                len([row for row in every if row[1] in reached_ids]),
            )
    assert len(list(queries.collaboration_members(2020, set(), reached=False))) == 8


@pytest.mark.parametrize("fee", ["", "paid", "unpaid", "agreement", "none", "other"])
@pytest.mark.parametrize("year", [2019, 2020])
def test_the_member_lists_pages_are_the_lists_order_and_count_with_every_filter(year, fee):
    """`queries.Listed` (counted, and read a page at a time, compiled once when nothing is searched for) gives
    the members and the number `member_list` gives, in its order, page after page."""
    fees_2020()
    Member = MemberFactory._meta.model
    for filters in (
        {},
        {"fee": fee},
        {"fee": fee, "tier": 5000},
        {"fee": fee, "field": "music"},
        {"fee": fee, "field": "performing_arts", "tier": 15000},
        {"fee": fee, "new": True},
        {"fee": fee, "q": "a"},
    ):
        expected = list(queries.member_list(year=year, **filters).values_list("pk", flat=True))
        listed = queries.Listed(year, **filters)
        assert len(listed) == len(expected), filters
        pages = [row.pk for start in range(0, len(expected) + 3, 3) for row in listed[start : start + 3]]
        assert pages == expected, filters
    assert Member.objects.count() > len(queries.Listed(year, fee="paid")) > 0


def test_the_member_lists_tiers_and_pending_applications_as_the_orm_counts_them():
    from balanse.members.models import ApplicationState, MembershipApplication

    fees_2020()
    assert queries.tier_amounts(2020) == list(
        FeeTier.objects.filter(year=2020).values_list("amount", flat=True)
    )
    assert queries.tier_amounts(2020)[0] == 15000 and queries.tier_amounts(2031) == []
    assert queries.pending_applications() == 0
    for state in (ApplicationState.PENDING, ApplicationState.PENDING, ApplicationState.APPROVED):
        MembershipApplication.objects.create(
            name="Søker", field_id=MemberFactory._meta.model.objects.first().field_id, state=state
        )
    assert queries.pending_applications() == 2


def test_supporting_members_waiting_are_counted_as_the_orm_counts_them():
    from balanse.members.models import SupportingMember

    SupportingMemberFactory(joined=None)
    SupportingMemberFactory(joined=None)
    SupportingMemberFactory(joined=date(2020, 3, 1))
    assert queries.supporting_pending() == SupportingMember.objects.filter(joined__isnull=True).count() == 2
