"""The register import/export framework, with a small register over organisations made for the test."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from import_export import fields, resources

from balanse.core import exports
from balanse.core.models import AuditEntry, ImportUpload
from balanse.core.registers import Register, files, imports, widgets
from balanse.core.registers.exports import export_rows
from balanse.core.signals import registers_requested
from balanse.organisations.models import Organisation
from tests.factories import OperatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class OrganisationResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="name", widget=widgets.TextWidget())
    municipality = fields.Field(
        attribute="municipality", column_name="municipality", widget=widgets.TextWidget()
    )
    member = fields.Field(attribute="is_member", column_name="member", widget=widgets.BooleanWidget())
    joined = fields.Field(attribute="member_since", column_name="joined", widget=widgets.NumberWidget())

    class Meta:
        model = Organisation
        fields = ("name", "municipality", "member", "joined")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


REGISTER = Register(
    kind="orgtest",
    label="Organisations (test)",
    resource=OrganisationResource,
    permission="organisations.add_organisation",
    required=("name", "joined"),
    aliases={"navn": "name", "kommune": "municipality", "medlem": "member", "innmeldt": "joined"},
)


@pytest.fixture(autouse=True)
def test_register():
    def answer(sender, **kwargs):
        return [REGISTER]

    registers_requested.connect(answer, weak=False, dispatch_uid="test-register")
    yield
    registers_requested.disconnect(dispatch_uid="test-register")


def table(text: str):
    return files.read_table(text.encode("utf-8-sig"), "fil.csv", REGISTER)


def test_read_table_accepts_semicolons_bom_and_norwegian_column_names():
    dataset = table("Navn;Kommune;Medlem;Innmeldt\nTeater A;Bergen;ja;2 020\n")
    assert dataset.headers == ["name", "municipality", "member", "joined"]
    assert list(dataset[0]) == ["Teater A", "Bergen", "ja", "2 020"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name;joined;colour\nA;2020;red\n", "Ukjente kolonner: colour."),
        ("name;municipality\nA;Bergen\n", "Filen mangler kolonnene: joined."),
        ("", "Filen er tom."),
    ],
)
def test_read_table_refuses_a_file_it_cannot_read(text, message):
    with pytest.raises(files.FileError) as excinfo:
        files.read_table(text.encode(), "fil.csv", REGISTER)
    assert str(excinfo.value).startswith(message)


def test_read_table_refuses_a_file_that_is_not_utf8():
    with pytest.raises(files.FileError, match="UTF-8"):
        files.read_table("name;joined\nTræ;2020\n".encode("latin-1"), "fil.csv", REGISTER)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15 000", 15000), ("15000", 15000), ("15 000,00", 15000), ("kr 1 000", 1000), ("", None)],
)
def test_amount_widget_reads_whole_kroner(value, expected):
    assert widgets.AmountWidget().clean(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2020-03-31", date(2020, 3, 31)), ("31.03.2020", date(2020, 3, 31))]
)
def test_date_widget_reads_both_formats_and_writes_iso(value, expected):
    assert widgets.DateWidget().clean(value) == expected
    assert widgets.DateWidget().render(expected) == "2020-03-31"


def test_date_widget_refuses_an_impossible_date():
    with pytest.raises(ValueError, match="er ikke en dato"):
        widgets.DateWidget().clean("31.02.2020")


@pytest.mark.parametrize("value", ["15 000,50", "femten", "1.5"])
def test_amount_widget_refuses_what_is_not_whole_kroner(value):
    with pytest.raises(ValueError):
        widgets.AmountWidget().clean(value)


def test_preview_counts_and_lists_refused_rows_with_reasons_and_writes_nothing(settings):
    OrganisationFactory(name="Finnes fra før", municipality="Oslo", is_member=True, member_since=2019)
    dataset = table(
        "name;municipality;member;joined\n"
        "Ny virksomhet;Bergen;ja;2020\n"
        "Finnes fra før;Bergen;ja;2019\n"
        "Feil år;Bergen;ja;tjue\n"
        "Feil medlem;Bergen;kanskje;2020\n"
    )
    summary = imports.preview(REGISTER, dataset)
    assert (summary.total, summary.new, summary.updated, summary.unchanged) == (4, 1, 1, 0)
    assert [(row.number, row.reasons) for row in summary.refused] == [
        (4, ["joined: «tjue» er ikke et helt tall."]),
        (5, ["member: «kanskje» er verken ja eller nei."]),
    ]
    assert not Organisation.objects.filter(name="Ny virksomhet").exists()
    assert Organisation.objects.get(name="Finnes fra før").municipality == "Oslo"


def test_confirm_writes_nothing_when_a_row_is_refused():
    dataset = table("name;joined\nEn;2020\nTo;ikke et år\n")
    with pytest.raises(imports.ImportRefused):
        imports.confirm(REGISTER, dataset)
    assert not Organisation.objects.filter(name__in=["En", "To"]).exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    dataset = table("name;municipality;member;joined\nEn;Bergen;ja;2020\n")
    assert imports.confirm(REGISTER, dataset).new == 1
    again = imports.confirm(REGISTER, table("name;municipality;member;joined\nEn;Bergen;ja;2020\n"))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_export_then_import_is_a_round_trip(tmp_path):
    OrganisationFactory(name="=Formel AS", municipality="Bodø", is_member=True, member_since=2020)
    OrganisationFactory(name="Vanlig", municipality="", is_member=False, member_since=None)
    header, rows = export_rows(REGISTER)
    for content, name in [
        (exports.csv_bytes(rows, header=header, dialect=exports.NORWEGIAN_EXCEL), "r.csv"),
        (exports.xlsx_bytes(rows, header=header), "r.xlsx"),
    ]:
        summary = imports.preview(REGISTER, files.read_table(content, name, REGISTER))
        assert (summary.new, summary.updated, summary.refused) == (0, 0, [])
        assert summary.unchanged == Organisation.objects.count()


def test_import_command_dry_run_and_refusal(tmp_path, capsys):
    good = tmp_path / "god.csv"
    good.write_text("navn;innmeldt\nKommando-teatret;2020\n", encoding="utf-8")
    call_command("import_register", "orgtest", str(good), "--dry-run")
    assert "new: 1" in capsys.readouterr().out
    assert not Organisation.objects.filter(name="Kommando-teatret").exists()
    call_command("import_register", "orgtest", str(good))
    assert Organisation.objects.filter(name="Kommando-teatret").exists()
    bad = tmp_path / "feil.csv"
    bad.write_text("navn;innmeldt\nAnnet;i fjor\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_register", "orgtest", str(bad))
    assert "row 2:" in capsys.readouterr().out


def test_operator_imports_through_preview_and_confirm(operator_client):
    client = operator_client
    upload = (b"name;joined\nSkjema-scenen;2020\n", "scene.csv")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("core:register_import", args=["orgtest"]), {"file": SimpleUploadedFile(upload[1], upload[0])}
    )
    stored = ImportUpload.objects.get()
    assert response.url == reverse("core:register_preview", args=["orgtest", stored.pk])
    page = client.get(response.url).content.decode()
    assert "<dt>Blir opprettet</dt><dd>1</dd>" in page
    assert not Organisation.objects.filter(name="Skjema-scenen").exists()
    response = client.post(reverse("core:register_preview", args=["orgtest", stored.pk]))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Skjema-scenen").exists()
    assert not ImportUpload.objects.exists()
    assert AuditEntry.objects.filter(action="register.imported", details__new=1).exists()


def test_a_persons_upload_cannot_be_opened_by_another(operator_client):
    other = OperatorFactory()
    stored = ImportUpload.objects.create(
        kind="orgtest", filename="a.csv", content=b"name;joined\n", uploaded_by=other
    )
    assert (
        operator_client.get(reverse("core:register_preview", args=["orgtest", stored.pk])).status_code == 404
    )


def test_register_pages_are_for_those_with_the_permission(client, org_admin):
    client.force_login(org_admin)
    for url in (
        reverse("core:registers"),
        reverse("core:register_import", args=["orgtest"]),
        reverse("core:register_export", args=["orgtest"]) + "?format=csv",
    ):
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(reverse("core:registers")).status_code == 302


def test_export_downloads_csv_for_norwegian_excel(operator_client):
    OrganisationFactory(name="Eksportert", member_since=2020)
    response = operator_client.get(reverse("core:register_export", args=["orgtest"]), {"format": "csv"})
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    assert b"name;municipality;member;joined" in content
