"""The `activities` register as a file (BACK-OFFICE.md): columns, refused rows with reasons and nothing written,
the same file twice changes nothing, export → import identical, member organisers linked by name."""

from datetime import date

import pytest
from django.core.management import call_command

from balanse.activities.models import Activity
from balanse.core import exports
from balanse.core.registers import files, get_register, imports
from balanse.core.registers.exports import export_rows
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "dato;tittel;type;sted;digitalt;deltakere;strømmepublikum;arrangører;åpent\n"
    "13.01.2020;Makt og grensesetting;foredrag;Tjøme;nei;70;;NOPA;ja\n"
    "2020-10-09;Kulturpolitisk debatt;Debatt;;ja;;4 800;Kulturrom | Balansekunst;ja\n"
)


def table(text: str):
    register = get_register("activities")
    return register, files.read_table(text.encode("utf-8-sig"), "a.csv", register)


def test_the_register_has_the_columns_of_back_office():
    register = get_register("activities")
    assert register.columns == [
        "date",
        "title",
        "type",
        "place",
        "digital",
        "participants",
        "streaming_audience",
        "organisers",
        "public",
    ]
    assert register.required == ("date", "title", "type")


def test_import_links_member_organisers_and_the_same_file_twice_changes_nothing():
    nopa = OrganisationFactory(name="NOPA", is_member=True)
    OrganisationFactory(name="Kulturrom", is_member=False)  # not a member: stays text
    register, dataset = table(GOOD)
    summary = imports.confirm(register, dataset)
    assert (summary.new, summary.updated, summary.unchanged) == (2, 0, 0)
    talk = Activity.objects.get(title="Makt og grensesetting")
    assert list(talk.organisers.all()) == [nopa]
    debate = Activity.objects.get(title="Kulturpolitisk debatt")
    assert (debate.type.name, debate.streaming_audience, debate.digital, debate.streamed) == (
        "debatt",
        4800,
        True,
        True,
    )
    assert not debate.organisers.exists()
    assert debate.organiser_names == "Kulturrom | Balansekunst"
    register, dataset = table(GOOD)
    summary = imports.confirm(register, dataset)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 2)


def test_refused_rows_are_listed_with_their_reason_and_nothing_is_written():
    text = (
        "date;title;type;participants;digital\n"
        "2020-01-13;God rad;workshop;5;nei\n"
        "i fjor;Feil dato;workshop;5;nei\n"
        "2020-01-14;Feil type;konsert;5;nei\n"
        "2020-01-15;Feil tall;kurs;mange;kanskje\n"
        "2020-01-16;;kurs;5;nei\n"
    )
    register, dataset = table(text)
    summary = imports.preview(register, dataset)
    assert [row.number for row in summary.refused] == [3, 4, 5, 6]
    reasons = {row.number: " ".join(row.reasons) for row in summary.refused}
    assert "date" in reasons[3]
    assert "konsert" in reasons[4] and "workshop" in reasons[4]
    assert "mange" in reasons[5]
    assert "title" in reasons[6]
    with pytest.raises(imports.ImportRefused):
        imports.confirm(register, dataset)
    assert not Activity.objects.exists()


@pytest.mark.parametrize("name", ["r.csv", "r.xlsx"])
def test_export_then_import_is_identical(name):
    OrganisationFactory(name="NOPA", is_member=True)
    register, dataset = table(GOOD)
    imports.confirm(register, dataset)
    header, rows = export_rows(register)
    before = list(Activity.objects.order_by("pk").values())
    content = (
        exports.csv_bytes(rows, header=header, dialect=exports.NORWEGIAN_EXCEL)
        if name.endswith(".csv")
        else exports.xlsx_bytes(rows, header=header)
    )
    dataset = files.read_table(content, name, register)
    summary = imports.confirm(register, dataset)
    assert (summary.new, summary.updated, summary.unchanged, summary.refused) == (0, 0, 2, [])
    assert list(Activity.objects.order_by("pk").values()) == before
    assert export_rows(register, year=2020) == (header, rows)
    assert export_rows(register, year=2019)[1] == []


def test_import_register_command(tmp_path, capsys):
    path = tmp_path / "aktiviteter.csv"
    path.write_text("dato;tittel;type\n2020-01-01;Kommando;kurs\n2020-01-02;Feil;ukjent\n", encoding="utf-8")
    with pytest.raises(Exception, match="Nothing was imported"):
        call_command("import_register", "activities", str(path))
    assert "row 3" in capsys.readouterr().out
    assert not Activity.objects.exists()
    path.write_text("dato;tittel;type\n2020-01-01;Kommando;kurs\n", encoding="utf-8")
    call_command("import_register", "activities", str(path))
    assert Activity.objects.get().date == date(2020, 1, 1)
