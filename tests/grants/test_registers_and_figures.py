"""The grants register as a file, the 2020 demo (six grants, 100 667 kr) and the annual figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.core.registers import files, get_register, imports
from balanse.core.registers.exports import export_rows
from balanse.core.signals import collect, organisations_reached
from balanse.grants import demo, queries
from balanse.grants.models import Application, Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def table(text: str):
    register = get_register("grants")
    return register, files.read_table(text.encode("utf-8-sig"), "grants.csv", register)


def test_the_register_has_the_columns_of_back_office():
    register = get_register("grants")
    assert register.columns == ["year", "project", "applicant", "amount", "status", "decided_on"]
    assert register.required == ("year", "project", "applicant", "amount", "status")


def test_import_refuses_bad_rows_with_reasons_and_writes_nothing():
    register, dataset = table(
        "År;Prosjekt;Søker;Sum;Status;Vedtatt\n"
        "2020;Kurs;Kystkoret;10 000;innvilget;15.05.2020\n"
        "2020;Kurs 2;Kystkoret;mye;utbetalt;\n"
        "2020;Kurs 3;Kystkoret;5000;kanskje;\n"
        ";Kurs 4;Kystkoret;5000;avslått;\n"
    )
    summary = imports.preview(register, dataset)
    assert summary.new == 1
    assert [row.number for row in summary.refused] == [3, 4, 5]
    assert "kanskje" in " ".join(summary.refused[1].reasons)
    with pytest.raises(imports.ImportRefused):
        imports.confirm(register, dataset)
    assert not Application.objects.exists()


def test_import_links_members_and_the_same_file_twice_changes_nothing_and_export_round_trips():
    kor = OrganisationFactory(name="Kystkoret")
    text = (
        "year;project;applicant;amount;status;decided_on\n"
        "2020;Kurs;Kystkoret;10000;innvilget;2020-05-15\n"
        "2020;Seminar;Ola Nordmann;5000;avslått;2020-05-15\n"
    )
    register, dataset = table(text)
    imports.confirm(register, dataset)
    granted = Application.objects.get(project="Kurs")
    assert (granted.organisation, granted.amount_granted, granted.status) == (kor, 10000, Status.GRANTED)
    declined = Application.objects.get(project="Seminar")
    assert (declined.organisation, declined.amount_applied, declined.amount_granted) == (None, 5000, None)
    register, dataset = table(text)
    again = imports.preview(register, dataset)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    header, rows = export_rows(register, year=2020)
    register, dataset = table("\n".join(";".join(str(cell) for cell in row) for row in [header, *rows]))
    assert imports.preview(register, dataset).unchanged == 2


def test_the_2020_demo_has_six_grants_for_100_667_kr_and_loading_again_changes_nothing():
    demo.load_demo()
    demo.load_demo()
    figures = queries.annual_figures(2020)["balansepotten"]
    assert figures["grants"] == 6
    assert figures["granted_total"] == 100667
    # Kulturrom: project and payout postponed (“**”); three more projects postponed (“*”), paid in 2020.
    assert figures["postponed"] == 1
    assert figures["projects_postponed"] == 4
    assert Application.objects.get(applicant="Kulturrom").status == Status.POSTPONED
    assert Application.objects.get(applicant="Terje Brevik").applicant_kind == "person"


def test_applicants_count_as_organisations_reached():
    kor = OrganisationFactory(name="Kystkoret")
    Application.objects.create(year=2020, status=Status.DECLINED, applicant="Kystkoret", organisation=kor)
    Application.objects.create(
        year=2020, status=Status.DRAFT, applicant="Utkast", organisation=OrganisationFactory()
    )
    assert (kor.pk, "grant") in collect(organisations_reached, year=2020)
    assert queries.organisations_reached(2020) == [(kor.pk, "grant")]


def _make(n: int, start: int = 0):
    Application.objects.bulk_create(
        [
            Application(
                year=2020,
                status=[Status.SUBMITTED, Status.GRANTED, Status.PAID, Status.DECLINED][i % 4],
                applicant=f"Søker {start + i}",
                project=f"Prosjekt {start + i}",
                amount_applied=1000,
                amount_granted=1000 if i % 4 in (1, 2) else None,
            )
            for i in range(n)
        ]
    )


def test_the_overview_issues_the_same_queries_for_50_and_500_applications(operator_client):
    url = reverse("grants:overview") + "?ar=2020"
    _make(50)
    operator_client.get(url)
    with CaptureQueriesContext(connection) as small:
        operator_client.get(url)
    _make(450, start=50)
    with CaptureQueriesContext(connection) as large:
        response = operator_client.get(url)
    assert response.context["figures"]["applied"] == 500
    assert len(large) == len(small)


def test_the_full_demo_links_the_2020_grants_to_their_member_organisations_and_imports_by_command(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
    grants = Application.objects.filter(year=2020)
    assert grants.count() == 6
    assert sorted(grants.filter(organisation__isnull=False).values_list("applicant", flat=True)) == [
        "AKKS Kristiansand",
        "Festspillene i Bergen",
        "JM Norway",
        "Kulturrom",
        "SafeMuse",
    ]
    assert len(queries.organisations_reached(2020)) == 5
    # manage.py import_register grants FILE, with --dry-run first
    path = tmp_path / "tilskudd.csv"
    path.write_text(
        "år;prosjekt;søker;sum;status\n2021;Nytt kurs;Kulturrom;5 000;innvilget\n", encoding="utf-8"
    )
    call_command("import_register", "grants", str(path), "--dry-run", stdout=StringIO())
    assert not Application.objects.filter(year=2021).exists()
    call_command("import_register", "grants", str(path), stdout=StringIO())
    assert Application.objects.get(year=2021).organisation.name == "Kulturrom"
