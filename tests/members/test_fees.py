"""Fees: the cut-off rule, claims (idempotent, with KID and due date), invoices and reminders sent once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from balanse.core.models import AuditEntry
from balanse.members import services
from balanse.members.kid import kid_is_valid
from balanse.members.models import Fee, FeeStatus, FeeYear
from tests.factories import OperatorFactory, make_org_admin
from tests.members.factories import FeeFactory, FeeTierFactory, MemberFactory, tiers_2020

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("joined", "after"),
    [
        (date(2020, 11, 14), False),
        (date(2020, 11, 15), False),  # on the cut-off day: pays
        (date(2020, 11, 16), True),
        (date(2020, 12, 31), True),
        (date(2019, 12, 1), False),  # joined after the cut-off of 2019, but pays for 2020
    ],
)
def test_cutoff_rule_member_joining_after_the_cutoff_pays_no_fee_that_year(joined, after):
    member = MemberFactory(joined=joined)
    assert services.joined_after_cutoff(member, 2020) is after


def test_cutoff_is_the_years_own_else_the_setting(settings):
    member = MemberFactory(joined=date(2021, 11, 20))
    assert services.joined_after_cutoff(member, 2021) is True
    FeeYear.objects.create(year=2021, cutoff=date(2021, 11, 30))
    assert services.joined_after_cutoff(member, 2021) is False
    settings.MEMBERS_FEE_CUTOFF = "01.12"
    assert FeeYear.cutoff_for(2022) == date(2022, 12, 1)


def test_create_claims_gives_paying_members_a_kid_and_due_date_and_is_idempotent():
    tiers_2020()
    operator = OperatorFactory()
    paying = FeeFactory(year=2020, tier=15000)
    agreement = FeeFactory(year=2020, tier=None, agreement="Samarbeid om kurs")
    late = MemberFactory(joined=date(2020, 11, 20))
    carried = MemberFactory(joined=date(2018, 1, 1))
    FeeFactory(member=carried, year=2019, tier=12000)
    undecided = MemberFactory(joined=date(2018, 1, 1))
    due = date(2020, 7, 15)

    result = services.create_claims(year=2020, due_date=due, by=operator)

    assert (result.created, result.existing, result.prepared) == (2, 0, 2)
    assert result.missing == [undecided]
    paying.refresh_from_db()
    assert kid_is_valid(paying.kid) and paying.kid.startswith("2020")
    assert (paying.due_date, paying.status) == (due, FeeStatus.UNPAID)
    assert Fee.objects.get(member=carried, year=2020).tier == 12000  # last year's tier
    assert Fee.objects.get(member=late, year=2020).status == FeeStatus.NONE  # after the cut-off
    agreement.refresh_from_db()
    assert (agreement.kid, agreement.status) == ("", FeeStatus.AGREEMENT)
    claims = set(Fee.objects.exclude(kid="").values_list("pk", "kid", "due_date"))
    audit = AuditEntry.objects.count()

    again = services.create_claims(year=2020, due_date=date(2020, 9, 1), by=operator)

    assert (again.created, again.existing, again.prepared) == (0, 2, 0)
    assert set(Fee.objects.exclude(kid="").values_list("pk", "kid", "due_date")) == claims
    assert AuditEntry.objects.count() == audit


def test_claims_leave_out_last_years_tier_when_the_year_no_longer_has_it():
    FeeTierFactory(year=2021, amount=16000)
    member = MemberFactory(joined=date(2018, 1, 1))
    FeeFactory(member=member, year=2020, tier=15000)
    result = services.create_claims(year=2021, due_date=date(2021, 7, 1), by=OperatorFactory())
    assert result.missing == [member]
    assert not Fee.objects.filter(year=2021).exists()


def test_set_fee_refuses_a_tier_the_year_does_not_have():
    tiers_2020()
    member = MemberFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.set_fee(member=member, year=2020, tier=7000, agreement="", by=None)
    assert excinfo.value.messages == [
        "7000 er ikke et kontingentnivå i 2020. Nivåene er: 15000, 12000, 10000, 8000, 5000, 4000, 1000."
    ]
    fee = services.set_fee(member=member, year=2020, tier=None, agreement="Kurs i stedet", by=None)
    assert fee.status == FeeStatus.AGREEMENT


def test_set_fee_refuses_a_year_the_organisation_was_not_a_member():
    member = MemberFactory(joined=date(2020, 5, 1))
    with pytest.raises(ValidationError, match="var ikke medlem i 2019"):
        services.set_fee(member=member, year=2019, tier=None, agreement="", by=None)


def _claimed(**kwargs) -> Fee:
    fee = FeeFactory(**kwargs)
    services.create_claims(year=fee.year, due_date=date(2020, 7, 15), by=None)
    fee.refresh_from_db()
    return fee


def test_invoices_are_sent_once_with_the_pdf_attached_and_a_link(django_capture_on_commit_callbacks):
    fee = _claimed(member=MemberFactory(invoice_email="faktura@teater.example"), tier=5000)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invoices(year=2020, by=None) == (1, [])
    message = mail.outbox[-1]
    assert message.to == ["faktura@teater.example"]
    assert message.subject == f"Faktura: medlemskontingent 2020, {fee.member.organisation.name}"
    assert f"KID: {fee.kid}" in message.body
    assert "Kontonummer: 12345678903" in message.body
    assert "/kontingent/faktura/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"faktura-kontingent-2020-{fee.kid}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_invoices(year=2020, by=None) == (0, [])
    assert len(mail.outbox) == 1


def test_invoice_goes_to_the_admins_when_the_member_has_no_address(django_capture_on_commit_callbacks):
    member = MemberFactory(contact_email="", invoice_email="")
    admin = make_org_admin(member.organisation)
    _claimed(member=member)
    nobody = _claimed(member=MemberFactory(contact_email="", invoice_email=""))
    with django_capture_on_commit_callbacks(execute=True):
        sent, without = services.send_invoices(year=2020, by=None)
    assert (sent, without) == (1, [nobody])
    assert mail.outbox[-1].to == [admin.email]


def test_invoices_are_refused_without_a_bank_account(settings):
    settings.BALANSEKUNST_BANK_ACCOUNT = ""
    _claimed()
    with pytest.raises(ValidationError, match="BALANSEKUNST_BANK_ACCOUNT"):
        services.send_invoices(year=2020, by=None)


def test_reminder_goes_out_once_the_set_number_of_days_after_the_due_date(
    settings, django_capture_on_commit_callbacks
):
    settings.MEMBERS_REMINDER_DAYS = 14
    fee = _claimed(member=MemberFactory(invoice_email="faktura@teater.example"))
    paid = _claimed(member=MemberFactory())
    services.record_payment(fee=paid, amount=5000, booked_on=date(2020, 7, 1), by=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(today=date(2020, 7, 28)) == (0, [])  # 13 days after
        assert services.send_reminders(today=date(2020, 7, 29)) == (1, [])
        assert services.send_reminders(today=date(2020, 8, 29)) == (0, [])
    assert [m.subject for m in mail.outbox] == [
        f"Purring: medlemskontingent 2020, {fee.member.organisation.name}"
    ]
    fee.refresh_from_db()
    assert fee.reminder_sent_at is not None


def test_daily_command_sends_due_reminders_once(settings, capsys, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    _claimed(member=MemberFactory(invoice_email="faktura@teater.example"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("members_daily", "--date", "2020-12-01")
        call_command("members_daily", "--date", "2020-12-02")
    out = capsys.readouterr().out
    assert "reminders sent: 1" in out and "reminders sent: 0" in out
    assert len(mail.outbox) == 1


def test_payment_by_hand_pays_the_fee_and_is_audited():
    fee = _claimed(tier=5000)
    operator = OperatorFactory()
    services.record_payment(fee=fee, amount=2000, booked_on=date(2020, 7, 1), by=operator)
    fee.refresh_from_db()
    assert (fee.paid, fee.status) == (2000, FeeStatus.PARTLY_PAID)
    services.record_payment(fee=fee, amount=3000, booked_on=date(2020, 7, 3), by=operator)
    fee.refresh_from_db()
    assert (fee.paid, fee.paid_on, fee.status) == (5000, date(2020, 7, 3), FeeStatus.PAID)
    assert AuditEntry.objects.filter(action="fee.paid", actor=operator).count() == 2


def test_tier_in_use_cannot_be_removed():
    tier = FeeTierFactory(year=2020, amount=5000)
    FeeFactory(tier=5000)
    with pytest.raises(ValidationError, match="Gi dem et annet nivå først"):
        services.delete_tier(tier=tier, by=None)


def test_member_figures_count_tiers_agreements_paid_share_and_income():
    tiers_2020()
    FeeFactory(tier=15000, paid=15000)
    FeeFactory(tier=5000, paid=2000)
    FeeFactory(tier=5000)
    FeeFactory(tier=None, agreement="Samarbeid")
    MemberFactory(joined=date(2020, 12, 1))  # no fee row
    MemberFactory(joined=date(2018, 1, 1), left=date(2019, 6, 1))  # left before the year
    from balanse.members.queries import member_figures

    figures = member_figures(2020)
    assert figures["total"] == 5
    assert figures["new"] == 1
    assert figures["fee_tiers"] == {
        "15000": 1,
        "12000": 0,
        "10000": 0,
        "8000": 0,
        "5000": 2,
        "4000": 0,
        "1000": 0,
    }
    assert figures["special_agreement"] == 1
    assert figures["paid_share_percent"] == 40.0
    assert figures["fee_income"] == 17000
    assert figures["by_field"]["Musikk"] == 5


def test_due_soon_claim_is_not_reminded_before_its_time():
    fee = _claimed()
    assert not services.reminders_due(today=fee.due_date + timedelta(days=1)).exists()


@pytest.mark.parametrize("value", ["31.02", "15/11", "november"])
def test_a_cutoff_setting_that_cannot_be_read_stops_start_up_naming_the_variable(settings, value):
    from django.core.exceptions import ImproperlyConfigured

    from balanse.members.cutoff import check_cutoff_setting

    settings.MEMBERS_FEE_CUTOFF = value
    with pytest.raises(ImproperlyConfigured, match="MEMBERS_FEE_CUTOFF must be a day and month"):
        check_cutoff_setting()


def test_daily_command_turns_the_flag_off_when_a_membership_has_ended(capsys):
    from django.core.management import call_command

    member = MemberFactory(joined=date(2018, 1, 1), left=date(2020, 6, 30))
    services.sync_organisation(organisation=member.organisation, today=date(2020, 6, 1))
    member.organisation.refresh_from_db()
    assert member.organisation.is_member is True
    call_command("members_daily", "--date", "2020-07-01")
    member.organisation.refresh_from_db()
    assert (member.organisation.is_member, member.organisation.member_since) == (False, 2018)
    assert "member flags changed: 1" in capsys.readouterr().out
