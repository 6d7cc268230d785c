"""Payments from the bank: camt.053 and CSV files read, matched on KID, imported once; the rest placed by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from balanse.members import bank, services
from balanse.members.models import Fee, FeeStatus, Payment
from balanse.members.services.payments import Match
from tests.members.camt import statement
from tests.members.factories import FeeFactory

pytestmark = pytest.mark.django_db


def claimed_fees(*tiers: int) -> list[Fee]:
    fees = [FeeFactory(tier=tier) for tier in tiers]
    services.create_claims(year=2020, due_date=date(2020, 7, 15), by=None)
    for fee in fees:
        fee.refresh_from_db()
    return fees


def a_statement(first: Fee, second: Fee, *, version: str = "001.02") -> bytes:
    return statement(
        [
            {
                "amount": "15000.00",
                "kid": first.kid,
                "date": "2020-07-02",
                "payer": "AKKS Norge",
                "ref": "TX-1",
            },
            {
                "date": "2020-07-03",
                "batch": [
                    {"amount": "5000", "kid": second.kid, "payer": "Black Box teater", "ref": "TX-2"},
                    {"amount": "4000", "kid": "20200099999", "payer": "Noen andre", "ref": "TX-3"},
                ],
            },
            {"amount": "1200.00", "date": "2020-07-04", "debit": True, "ref": "TX-4"},
            {"amount": "700.00", "kid": first.kid, "date": "2020-07-05", "pending": True, "ref": "TX-5"},
            {
                "amount": "1000.50",
                "message": "Kontingent 2020 Flow Dance",
                "date": "2020-07-06",
                "ref": "TX-6",
            },
        ],
        version=version,
    )


@pytest.mark.parametrize("version", ["001.02", "001.08"])
def test_camt053_gives_the_booked_incoming_payments_with_kid_payer_and_reference(version):
    first, second = claimed_fees(15000, 5000)
    entries = bank.read_statement(a_statement(first, second, version=version), "dnb-juli.xml")
    assert [(e.reference, e.booked_on, e.amount, e.kid, e.payer, e.message) for e in entries] == [
        ("camt:TX-1", date(2020, 7, 2), Decimal("15000.00"), first.kid, "AKKS Norge", ""),
        ("camt:TX-2", date(2020, 7, 3), Decimal("5000.00"), second.kid, "Black Box teater", ""),
        ("camt:TX-3", date(2020, 7, 3), Decimal("4000.00"), "20200099999", "Noen andre", ""),
        (
            "camt:TX-6",
            date(2020, 7, 6),
            Decimal("1000.50"),
            "",
            "Ukjent betaler",
            "Kontingent 2020 Flow Dance",
        ),
    ]


def test_camt053_without_transaction_references_still_reads_the_same_each_time():
    xml = statement([{"amount": "5000", "kid": "20200000014", "date": "2020-07-02"}])
    first = bank.read_statement(xml, "a.xml")
    assert first == bank.read_statement(xml, "a.xml")
    assert first[0].reference == "camt:ENTRY0001/0"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Document><BkToCstmrStmt><Stmt>", "Filen kan ikke leses som XML"),
        (b"<Document><Invoice/></Document>", "ikke en kontoutskrift i camt.053-format"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "Filen kan ikke leses som XML"),
        (b"", "Filen er tom."),
    ],
)
def test_a_file_that_is_not_a_statement_is_refused_with_a_clear_message(content, message):
    with pytest.raises(bank.StatementError) as excinfo:
        bank.read_statement(content, "fil.xml")
    assert message in str(excinfo.value)


def test_preview_matches_on_kid_and_writes_nothing():
    first, second = claimed_fees(15000, 5000)
    preview = services.preview_statement(bank.read_statement(a_statement(first, second), "s.xml"))
    assert [(row.match, row.fee) for row in preview.rows] == [
        (Match.FEE, first),
        (Match.FEE, second),
        (Match.NONE, None),
        (Match.NONE, None),
    ]
    assert (preview.matched, preview.unmatched, preview.done) == (2, 2, 0)
    assert not Payment.objects.exists()


def test_import_pays_the_matched_claims_lists_the_rest_and_a_second_import_changes_nothing():
    first, second = claimed_fees(15000, 5000)
    entries = bank.read_statement(a_statement(first, second), "s.xml")
    services.import_statement(entries=entries, source=Payment.Source.CAMT, by=None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.paid, first.paid_on, first.status) == (15000, date(2020, 7, 2), FeeStatus.PAID)
    assert (second.paid, second.status) == (5000, FeeStatus.PAID)
    open_payments = Payment.objects.filter(fee__isnull=True, dismissed_at__isnull=True)
    assert sorted(p.amount for p in open_payments) == [Decimal("1000.50"), Decimal("4000.00")]

    again = services.import_statement(entries=entries, source=Payment.Source.CAMT, by=None)
    assert (again.matched, again.unmatched, again.done) == (0, 0, 4)
    assert Payment.objects.count() == 4
    first.refresh_from_db()
    assert first.paid == 15000


def test_unmatched_payment_is_placed_by_hand_or_set_aside():
    (fee,) = claimed_fees(1000)
    services.import_statement(
        entries=bank.read_statement(
            statement(
                [
                    {"amount": "1000.50", "message": "Kontingent", "date": "2020-07-06", "ref": "A"},
                    {"amount": "250", "message": "Gave", "date": "2020-07-07", "ref": "B"},
                ]
            ),
            "s.xml",
        ),
        source=Payment.Source.CAMT,
        by=None,
    )
    placed, gift = Payment.objects.order_by("booked_on")
    services.place_payment(payment=placed, fee=fee, by=None)
    fee.refresh_from_db()
    assert (fee.paid, fee.status) == (1001, FeeStatus.PAID)  # 1000.50 rounds to whole kroner
    services.dismiss_payment(payment=gift, by=None)
    with pytest.raises(ValidationError, match="allerede plassert"):
        services.place_payment(payment=gift, fee=fee, by=None)


def test_csv_statement_with_date_amount_and_kid():
    first, second = claimed_fees(15000, 5000)
    content = (
        "Dato;Beløp;KID\n"
        f"02.07.2020;15 000,00;{first.kid}\n"
        f"2020-07-03;5000;{second.kid}\n"
        f"2020-07-03;5000;{second.kid}\n"
        "04.07.2020;-300,00;\n"
    ).encode("utf-8-sig")
    entries = bank.read_statement(content, "bank.csv")
    assert [(e.booked_on, e.amount, e.kid) for e in entries] == [
        (date(2020, 7, 2), Decimal("15000.00"), first.kid),
        (date(2020, 7, 3), Decimal("5000"), second.kid),
        (date(2020, 7, 3), Decimal("5000"), second.kid),
    ]
    assert entries[1].reference != entries[2].reference  # two payments alike are two payments
    services.import_statement(entries=entries, source=Payment.Source.CSV, by=None)
    services.import_statement(
        entries=bank.read_statement(content, "bank.csv"), source=Payment.Source.CSV, by=None
    )
    second.refresh_from_db()
    assert second.paid == 10000
    assert Payment.objects.count() == 3


def test_csv_with_bad_rows_names_them_and_reads_nothing():
    content = b"date,amount,kid\n2020-07-02,100,1\nigar,100,2\n2020-07-02,mye,3\n"
    with pytest.raises(bank.StatementError) as excinfo:
        bank.read_statement(content, "bank.csv")
    assert str(excinfo.value) == (
        "Ingenting ble lest inn. Rett disse radene: rad 3: «igar» er ikke en dato; rad 4: «mye» er ikke et beløp."
    )


def test_csv_without_the_columns_says_which_are_needed():
    with pytest.raises(bank.StatementError, match="må ha kolonnene dato, beløp og KID"):
        bank.read_statement(b"when;how much\n2020-01-01;5\n", "bank.csv")
