"""The one place the site writes spreadsheets (issue 9, finding 5): formulas never pass through."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from balanse.core import exports

DANGEROUS = [
    '=HYPERLINK("https://evil.example","Klikk")',
    "+47 22 00 00 00",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_escape_cell_prefixes_text_that_a_spreadsheet_would_run(value):
    assert exports.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Vanlig tekst", "", "1 + 1", "e-post@example.org", "'allerede"])
def test_escape_cell_leaves_ordinary_text_alone(value):
    assert exports.escape_cell(value) == value


def test_escape_cell_leaves_numbers_and_dates_as_they_are():
    assert exports.escape_cell(-3) == -3
    assert exports.escape_cell(2.5) == 2.5
    assert exports.escape_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert exports.escape_cell(None) == ""
    assert exports.escape_cell(date(2026, 5, 17)) == date(2026, 5, 17)


def test_csv_text_escapes_every_cell_including_the_header():
    text = exports.csv_text([["=1+1", "Navn"], ["@x", 3]], header=["-Kolonne", "B"])
    assert list(csv.reader(io.StringIO(text))) == [["'-Kolonne", "B"], ["'=1+1", "Navn"], ["'@x", "3"]]


def test_norwegian_excel_dialect_has_bom_semicolons_and_decimal_commas():
    data = exports.csv_bytes(
        [["Kari; Nordmann", 2.5, Decimal("10.25"), 7, "=2*3"]],
        header=["Navn", "Snitt", "Sum", "Antall", "Formel"],
        dialect=exports.NORWEGIAN_EXCEL,
    )
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["Navn;Snitt;Sum;Antall;Formel", '"Kari; Nordmann";2,5;10,25;7;\'=2*3']


def test_plain_dialect_is_utf8_with_commas_and_points():
    data = exports.csv_bytes([[2.5, "a,b"]], header=["x", "y"])
    assert data == b'x,y\r\n2.5,"a,b"\r\n'


def test_csv_response_is_an_attachment_with_the_file_name():
    response = exports.csv_response([["a"]], filename="resultater.csv", header=["x"])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resultater.csv"'


def test_xlsx_never_stores_text_as_a_formula():
    response = exports.xlsx_response(
        [['=HYPERLINK("https://evil.example")', 2.5, -3]],
        filename="x.xlsx",
        header=["Tekst", "Tall", "Minus"],
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("https://evil.example")', "s")
    assert (sheet["B2"].value, sheet["C2"].value) == (2.5, -3)
    assert [c.value for c in sheet[1]] == ["Tekst", "Tall", "Minus"]


@pytest.mark.django_db
def test_exercise_results_csv_escapes_formulas_in_scenarios_and_relations(client, org_admin, organisation):
    from balanse.exercise import services

    client.force_login(org_admin)
    template = services.save_template(
        by=org_admin,
        template=None,
        organisation=organisation,
        data={
            "title": "Egen",
            "intro": "",
            "scenarios": ['=HYPERLINK("https://evil.example","Klikk her")'],
            "relations": ["@kollega"],
            "questions": [],
        },
    )
    session = services.start_session(by=org_admin, template=template, organisation=organisation)
    response = client.get(reverse("exercise:export_csv", args=[session.pk]))
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )  # Norwegian Excel
    assert rows[1][:3] == ["1", '\'=HYPERLINK("https://evil.example","Klikk her")', "'@kollega"]
