"""Board and staff, and finance: the registers this app keeps, their figures and the fee income check."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from balanse.core.models import AuditEntry
from balanse.core.registers import exports as register_exports
from balanse.core.registers import files, get_register, imports
from balanse.report import queries
from balanse.report.forms import FinanceLineForm, PositionForm
from balanse.report.models import Body, FinanceLine, FinanceMapping, Gender, Position, Role, YearFacts
from tests.members.factories import FeeFactory, MemberFactory

pytestmark = pytest.mark.django_db


def person(year=2020, body=Body.BOARD, role=Role.MEMBER, name="Kari", **kwargs):
    return Position.objects.create(year=year, body=body, role=role, name=name, **kwargs)


def test_board_figures_count_bodies_sum_fte_and_read_sick_leave():
    person(role=Role.LEADER, name="A")
    person(name="B")
    person(body=Body.DEPUTIES, role=Role.DEPUTY, name="C")
    person(body=Body.STAFF, role=Role.MANAGER, name="D", fte=Decimal("1.00"))
    person(body=Body.STAFF, role=Role.EMPLOYEE, name="E", fte=Decimal("0.60"))
    person(body=Body.STAFF, role=Role.EMPLOYEE, name="F", fte=Decimal("0.55"))
    person(year=2019, name="Old")
    YearFacts.objects.create(year=2020, sick_leave_percent=Decimal("2.5"))
    assert queries.board_figures(2020) == {
        "board": 2,
        "deputies": 1,
        "nomination_committee": 0,
        "staff": 3,
        "staff_fte": 2.2,  # 2.15 rounded half up
        "sick_leave_percent": 2.5,
    }


def test_gender_balance_per_body_counts_the_not_stated():
    person(name="A", gender=Gender.WOMAN)
    person(name="B", gender=Gender.WOMAN)
    person(name="C", gender=Gender.MAN)
    person(name="D")
    person(body=Body.NOMINATION, role=Role.COMMITTEE, name="E", gender=Gender.OTHER)
    rows = queries.gender_balance(2020)
    assert [(row["body"], row["total"]) for row in rows] == [("board", 4), ("nomination", 1)]
    assert [(c["count"], c["percent"]) for c in rows[0]["cells"]] == [
        (2, 50.0),
        (1, 25.0),
        (0, 0.0),
        (1, 25.0),
    ]
    assert [c["count"] for c in rows[1]["cells"]] == [0, 0, 1, 0]


def test_bodies_list_people_in_role_order():
    person(name="Zara", role=Role.MEMBER)
    person(name="Yngve", role=Role.LEADER)
    person(name="Xenia", role=Role.DEPUTY_LEADER)
    [(body, _label, people)] = queries.bodies(2020)
    assert body == "board"
    assert [p.name for p in people] == ["Yngve", "Xenia", "Zara"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": "board", "role": "deputy", "name": "A"}, "role"),
        ({"body": "board", "role": "member", "name": "A", "fte": "0,5"}, "fte"),
        ({"body": "staff", "role": "employee", "name": "A", "fte": "1,5"}, "fte"),
        ({"body": "staff", "role": "employee", "name": "A", "fte": "mye"}, "fte"),
        ({"body": "board", "role": "member", "name": "A", "email": "ikke-epost"}, "email"),
        ({"body": "board", "role": "member", "name": "Kari"}, "name"),
    ],
)
def test_position_form_refuses_bad_input(data, field):
    person(name="Kari")
    form = PositionForm(data, year=2020)
    assert not form.is_valid()
    assert field in form.errors


def test_position_form_reads_a_decimal_comma():
    form = PositionForm({"body": "staff", "role": "employee", "name": "A", "fte": "0,6"}, year=2020)
    assert form.is_valid(), form.errors
    assert form.save().fte == Decimal("0.6")


def test_finance_figures_sum_income_and_result_with_mapped_lines():
    FinanceLine.objects.create(year=2020, line="3100 Tilskudd KUD", amount=2_300_000)
    FinanceLine.objects.create(year=2020, line="3110 Tilskudd KUD ekstra", amount=100_000)
    FinanceLine.objects.create(
        year=2020, line="3900 Kontingent", amount=780_000, report_line="Medlemskontingent"
    )
    FinanceLine.objects.create(year=2020, line="5000 Lønn", amount=-2_000_000)
    FinanceLine.objects.create(year=2019, line="3100 Tilskudd KUD", amount=1)
    FinanceMapping.objects.create(source="3100 Tilskudd KUD", report_line="Tilskudd fra Kulturdepartementet")
    FinanceMapping.objects.create(
        source="3110 Tilskudd KUD ekstra", report_line="Tilskudd fra Kulturdepartementet"
    )
    assert queries.finance_figures(2020) == {
        "income_total": 3_180_000,
        "income_by_line": {"Tilskudd fra Kulturdepartementet": 2_400_000, "Medlemskontingent": 780_000},
        "result": 1_180_000,
    }


def test_fee_income_is_checked_against_the_fee_register_and_the_difference_shown(client_for):
    member = MemberFactory(joined=date(2019, 1, 1))
    FeeFactory(member=member, year=2020, tier=15000, paid=15000, kid="20200000014")
    FinanceLine.objects.create(year=2020, line="Medlemskontingent", amount=20_000)
    assert queries.fee_income_check(2020) == {"accounts": 20_000, "register": 15_000, "difference": 5_000}
    page = client_for("operator").get(reverse("report:finance", args=[2020]))
    text = page.content.decode()
    assert "20\u00a0000" in text and "15\u00a0000" in text and "5\u00a0000" in text
    assert 'data-color="warning"' in text


def test_no_fee_line_in_the_accounts_means_no_check():
    assert queries.fee_income_check(2020) is None


def test_finance_import_from_a_norwegian_excel_file_previews_refuses_and_is_idempotent():
    register = get_register("finance")
    content = (
        "\ufeffÅr;Linje;Beløp\n2020;Tilskudd;2 300 000\n2020;Lønn;-1 000 000,00\n2020;Feil;mye\n".encode()
    )
    summary = imports.preview(register, files.read_table(content, "okonomi.csv", register))
    assert (summary.new, [r.number for r in summary.refused]) == (2, [4])
    assert FinanceLine.objects.count() == 0
    good = "år;linje;beløp\n2020;Tilskudd;2 300 000\n2020;Lønn;-1 000 000,00\n".encode()
    assert imports.confirm(register, files.read_table(good, "okonomi.csv", register)).new == 2
    again = imports.confirm(register, files.read_table(good, "okonomi.csv", register))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert queries.finance_figures(2020)["result"] == 1_300_000
    header, rows = register_exports.export_rows(register, year=2020)
    assert header == ["year", "line", "amount"]
    assert sorted(rows) == sorted([["2020", "Tilskudd", "2300000"], ["2020", "Lønn", "-1000000"]])


def test_finance_form_reads_a_minus_sign_and_refuses_zero_and_duplicates():
    FinanceLine.objects.create(year=2020, line="Lønn", amount=-5)
    assert FinanceLineForm({"line": "Husleie", "amount": "−120 000"}, year=2020).is_valid()
    assert "amount" in FinanceLineForm({"line": "Husleie", "amount": "0"}, year=2020).errors
    assert "line" in FinanceLineForm({"line": "Lønn", "amount": "-1"}, year=2020).errors


def test_operator_adds_a_person_and_a_line_and_bad_input_changes_nothing(client_for):
    client = client_for("operator")
    url = reverse("report:board", args=[2020])
    response = client.post(
        url, {"body": "board", "role": "leader", "name": "Thomas", "elected_at": "2020-05-28"}
    )
    assert response.status_code == 302
    assert Position.objects.get(name="Thomas").elected_at == date(2020, 5, 28)
    assert AuditEntry.objects.filter(action="report.position_created").count() == 1
    response = client.post(url, {"body": "board", "role": "deputy", "name": "Ola"})
    assert response.status_code == 400
    assert "Denne rollen hører ikke til i det organet." in response.content.decode()
    assert not Position.objects.filter(name="Ola").exists()
    response = client.post(
        reverse("report:finance", args=[2020]), {"line": "Husleie", "amount": "-120 000", "report_line": ""}
    )
    assert response.status_code == 302
    assert FinanceLine.objects.get(line="Husleie").amount == -120_000
    response = client.post(reverse("report:save_facts", args=[2020]), {"sick_leave_percent": "250"})
    assert response.status_code == 400
    assert not YearFacts.objects.exists()
    client.post(reverse("report:save_facts", args=[2020]), {"sick_leave_percent": "1,5"})
    assert YearFacts.objects.get(year=2020).sick_leave_percent == Decimal("1.5")
