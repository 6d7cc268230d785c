"""What the operator and organisation admins see and do on the member register's pages."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balanse.core.signals import organisations_reached
from balanse.members.models import Contact, Fee, FeeStatus, Member, Payment
from balanse.organisations.models import ArtField
from tests.factories import OrganisationFactory, make_org_admin, make_org_member
from tests.members.camt import statement
from tests.members.factories import FeeFactory, MemberFactory, SupportingMemberFactory, tiers_2020

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row.name for row in response.context["page"].object_list]


@pytest.fixture
def register():
    tiers_2020()
    music, film = ArtField.objects.get(code="music"), ArtField.objects.get(code="film")
    paid = MemberFactory(organisation=OrganisationFactory(name="Betalt AS", municipality="Oslo"), field=music)
    unpaid = MemberFactory(
        organisation=OrganisationFactory(name="Skylder AS", municipality="Bergen"), field=film
    )
    agreement = MemberFactory(
        organisation=OrganisationFactory(name="Avtale AS", municipality="Oslo"), field=music
    )
    new = MemberFactory(
        organisation=OrganisationFactory(name="Ny AS", municipality="Bodø"),
        field=film,
        joined=date(2020, 11, 20),
    )
    MemberFactory(
        organisation=OrganisationFactory(name="Sluttet AS"), joined=date(2017, 1, 1), left=date(2019, 6, 1)
    )
    FeeFactory(member=paid, tier=15000, paid=15000, paid_on=date(2020, 7, 1), kid="20200000014")
    FeeFactory(member=unpaid, tier=5000, kid="20200000022", due_date=date(2020, 7, 15))
    FeeFactory(member=agreement, tier=None, agreement="Samarbeid om kurs")
    FeeFactory(member=new, tier=None)
    return {"paid": paid, "unpaid": unpaid, "agreement": agreement, "new": new}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ar=2020", ["Avtale AS", "Betalt AS", "Ny AS", "Skylder AS"]),
        ("ar=2019", ["Avtale AS", "Betalt AS", "Skylder AS", "Sluttet AS"]),
        ("ar=2020&fee=paid", ["Betalt AS"]),
        ("ar=2020&fee=unpaid", ["Skylder AS"]),
        ("ar=2020&fee=agreement", ["Avtale AS"]),
        ("ar=2020&fee=none", ["Ny AS"]),
        ("ar=2020&tier=5000", ["Skylder AS"]),
        ("ar=2020&new=on", ["Ny AS"]),
        ("ar=2020&field=music", ["Avtale AS", "Betalt AS"]),
        ("ar=2020&municipality=Oslo", ["Avtale AS", "Betalt AS"]),
        ("ar=2020&q=skyl", ["Skylder AS"]),
    ],
)
def test_member_list_filters(operator_client, register, query, expected):
    response = operator_client.get(f"{reverse('members:list')}?{query}")
    assert names(response) == expected


def test_member_list_exports_what_it_shows_for_norwegian_excel_and_as_xlsx(operator_client, register):
    response = operator_client.get(reverse("members:export") + "?ar=2020&fee=unpaid&format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == 'attachment; filename="medlemmer-2020.csv"'
    assert text.splitlines() == [
        "Navn;Organisasjonsnummer;Felt;Kommune;Innmeldt;Utmeldt;Kontingent 2020;Særavtale;Betalt;KID",
        "Skylder AS;;Film;Bergen;2019-01-01;;5000;;0;20200000022",
    ]
    response = operator_client.get(reverse("members:export") + "?ar=2020&format=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:3] == ["Avtale AS", None, "Musikk"]
    assert sheet.max_row == 5


def test_member_page_shows_fee_history_certification_and_contacts(operator_client, register):
    member = register["unpaid"]
    admin = make_org_admin(member.organisation)
    page = operator_client.get(reverse("members:detail", args=[member.pk]) + "?ar=2020").content.decode()
    assert "Fakturert, ikke betalt" in page
    assert "20200000022" in page
    assert "Virksomheten har ikke søkt om Balansemerket." in page
    assert admin.email in page
    assert "Kari Kontakt" in page


def test_operator_sets_a_fee_and_marks_it_paid_on_the_member_page(operator_client, register):
    member = register["new"]
    url = reverse("members:set_fee", args=[member.pk, 2020])
    operator_client.post(url, {"tier": "1000", "agreement": ""})
    assert Fee.objects.get(member=member, year=2020).tier == 1000
    response = operator_client.post(url, {"tier": "1234", "agreement": "Kurs"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "1234 er ikke et av de tilgjengelige valgene" in page
    assert "Kurs</textarea>" in page  # what was typed is kept
    operator_client.post(
        reverse("members:record_payment", args=[member.pk, 2020]),
        {"amount": "1000", "booked_on": "2020-12-01"},
    )
    fee = Fee.objects.get(member=member, year=2020)
    assert (fee.paid, fee.paid_on, fee.status) == (1000, date(2020, 12, 1), FeeStatus.PAID)


def test_ending_a_membership_turns_the_organisation_flag_off(operator_client, register):
    member = register["paid"]
    response = operator_client.post(
        reverse("members:edit", args=[member.pk]),
        {"field": member.field_id, "joined": "2019-01-01", "left": "2021-03-01", "left_reason": "Lagt ned"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    member.organisation.refresh_from_db()
    assert (member.left, member.left_reason, member.organisation.is_member) == (
        date(2021, 3, 1),
        "Lagt ned",
        False,
    )
    bad = operator_client.post(
        reverse("members:edit", args=[member.pk]),
        {"field": member.field_id, "joined": "2019-01-01", "left": "2018-03-01"},
    )
    assert "Medlemskapet kan ikke slutte før det begynte." in bad.content.decode()


def test_operator_adds_an_organisation_in_the_register_as_member(operator_client):
    organisation = OrganisationFactory(name="Kommer inn")
    response = operator_client.post(
        reverse("members:add"),
        {
            "organisation": "kommer INN",
            "field": ArtField.objects.get(code="film").pk,
            "joined": "2021-02-01",
        },
    )
    member = Member.objects.get(organisation=organisation)
    assert response.url == reverse("members:detail", args=[member.pk])
    organisation.refresh_from_db()
    assert (organisation.is_member, organisation.member_since) == (True, 2021)


def test_the_organisation_of_a_new_member_is_searched_among_those_that_are_not_members(operator_client):
    """Typed, not chosen from a select of the whole register: the organisation number finds one; a member's
    name, another name or a hostile text finds none and keeps what was typed; several offer a choice of them,
    and a posted choice that is not among them (a member's id) is not taken."""
    MemberFactory(organisation=OrganisationFactory(name="Teater Vest"))
    north = OrganisationFactory(name="Teater Nord", org_number="923609016")
    south = OrganisationFactory(name="Teater Sør")
    member = Member.objects.get()
    url = reverse("members:add")
    film = ArtField.objects.get(code="film").pk

    def post(text, **extra):
        return operator_client.post(
            url,
            {"organisation": text, "field": film, "joined": "2021-02-01", "contact_name": "Kari", **extra},
        )

    page = operator_client.get(url).content.decode()
    assert "Teater Nord" not in page and "Teater Sør" not in page
    assert re.search(r'<input[^>]*name="organisation"', page) and not re.search(
        r'<select[^>]*name="organisation"', page
    )
    for text in ("Teater Vest", "Ukjent <script>", "' OR 1=1 --", "x" * 201, "nul\x00"):
        response = post(text)
        assert response.status_code == 200
        assert 'value="Kari"' in response.content.decode()
        assert Member.objects.count() == 1
    assert (
        "Ingen virksomhet som ikke er medlem, passer til «Teater Vest»"
        in post("Teater Vest").content.decode()
    )
    assert "Skriv høyst 200 tegn av navnet." in post("x" * 201).content.decode()
    several = post("teater").content.decode()
    assert "Flere virksomheter som ikke er medlemmer, passer til «teater»" in several
    assert several.count('name="organisation_valg"') == 2 and "Teater Vest" not in several
    again = post("teater", organisation_valg=str(member.organisation_id)).content.decode()
    assert "Flere virksomheter" in again
    assert Member.objects.count() == 1
    assert post("teater", organisation_valg=str(south.pk)).status_code == 302
    assert post("923 609 016").status_code == 302
    assert set(Member.objects.values_list("organisation__name", flat=True)) == {
        "Teater Vest",
        "Teater Sør",
        "Teater Nord",
    }
    assert north.pk in Member.objects.values_list("organisation_id", flat=True)


def test_fee_page_creates_claims_sends_invoices_and_exports_the_invoice_basis(
    operator_client, register, django_capture_on_commit_callbacks
):
    member = MemberFactory(
        organisation=OrganisationFactory(name="Fersk", org_number="923609016"),
        invoice_email="f@fersk.example",
    )
    FeeFactory(member=member, tier=4000)
    response = operator_client.post(
        reverse("members:create_claims", args=[2020]), {"due_date": "2020-08-01"}, follow=True
    )
    assert "1 krav ble opprettet." in response.content.decode()
    fee = Fee.objects.get(member=member)
    assert fee.due_date == date(2020, 8, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(reverse("members:send_invoices", args=[2020]), follow=True)
    assert "2 fakturaer ble sendt." in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == {"f@fersk.example", register["unpaid"].contact_email}
    response = operator_client.get(reverse("members:invoice_basis", args=[2020]) + "?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Organisasjonsnummer;Navn;Faktura-e-post;Beløp;KID;Forfallsdato;Tekst"
    assert f"923609016;Fersk;f@fersk.example;4000;{fee.kid};2020-08-01;Medlemskontingent 2020" in lines


def test_operator_imports_a_bank_statement_through_preview_and_confirm(operator_client, register):
    fee = Fee.objects.get(kid="20200000022")
    xml = statement(
        [
            {"amount": "5000", "kid": fee.kid, "date": "2020-07-10", "ref": "A1", "payer": "Skylder AS"},
            {"amount": "300", "kid": "99999999999", "date": "2020-07-11", "ref": "A2"},
        ]
    )
    response = operator_client.post(
        reverse("members:payments"), {"file": SimpleUploadedFile("juli.xml", xml)}
    )
    preview = operator_client.get(response.url).content.decode()
    assert "Betaler kontingenten til Skylder AS for 2020" in preview
    assert "Ingen krav har denne KID-en: plasseres for hånd" in preview
    fee.refresh_from_db()
    assert fee.paid == 0
    response = operator_client.post(response.url, follow=True)
    assert (
        "Innbetalinger registrert: 1 betalte en kontingent, 1 må plasseres, 0 var lest inn før."
        in response.content.decode()
    )
    fee.refresh_from_db()
    assert fee.paid == 5000
    open_payment = Payment.objects.get(kid="99999999999")
    page = operator_client.get(reverse("members:payments")).content.decode()
    assert "1 innbetaling å plassere" in page
    operator_client.post(reverse("members:place_payment", args=[open_payment.pk]), {"action": "dismiss"})
    open_payment.refresh_from_db()
    assert open_payment.dismissed_at is not None


def test_a_file_that_is_not_a_statement_gives_a_message_and_imports_nothing(operator_client):
    response = operator_client.post(
        reverse("members:payments"), {"file": SimpleUploadedFile("s.xml", b"<Document><x/></Document>")}
    )
    page = operator_client.get(response.url).content.decode()
    assert "ikke en kontoutskrift i camt.053-format" in page
    assert not Payment.objects.exists()


def test_collaboration_page_combines_every_register_and_logs_contacts(operator_client, register):
    def activities(sender, *, year, **kwargs):
        return [(register["paid"].organisation_id, "activity")] if year == 2020 else []

    url = reverse("members:collaboration") + "?ar=2020"
    organisations_reached.connect(activities, weak=False, dispatch_uid="test-activities")
    try:
        response = operator_client.post(
            url, {"member": "ny as", "date": "2020-12-01", "kind": "talk", "note": "Foredrag om varsling"}
        )
        assert response.status_code == 302
        page = operator_client.get(url)
        reached = operator_client.get(url + "&liste=nadd")
        contacts = operator_client.get(url + "&liste=kontakter")
    finally:
        organisations_reached.disconnect(dispatch_uid="test-activities")
    assert page.context["figures"] == {"members_reached": 2, "share_percent": 50.0}
    assert page.context["counts"] == {"ikke_nadd": 2, "nadd": 2, "kontakter": 1}
    # (pk, organisation id, name, art field code), as `queries.collaboration_members` reads them
    assert [row[2] for row in page.context["rows"]] == ["Avtale AS", "Skylder AS"]
    unpaid = register["unpaid"]
    assert (
        f'<li><a class="ds-link" href="{reverse("members:detail", args=[unpaid.pk])}?ar=2020">Skylder AS</a> '
        f'<span class="muted">({unpaid.field})</span></li>'
    ) in page.content.decode()
    assert [row[2] for row in reached.context["rows"]] == ["Betalt AS", "Ny AS"]
    assert ">Betalt AS</a> – aktivitet</li><li>" in reached.content.decode()
    assert ">Ny AS</a> – loggført kontakt</li>" in reached.content.decode()
    contact = Contact.objects.get()
    assert contacts.context["rows"] == [contact]
    assert (contact.member, contact.kind, contact.note) == (register["new"], "talk", "Foredrag om varsling")
    operator_client.post(reverse("members:delete_contact", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_logging_a_contact_by_a_name_several_members_share_asks_which_and_keeps_the_rest(
    operator_client, register
):
    url = reverse("members:collaboration") + "?ar=2020"
    typed = {"member": "AS", "date": "2020-12-01", "kind": "talk", "note": "Foredrag om varsling"}
    response = operator_client.post(url, typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["member"] == [
        "Flere medlemmer passer til «AS». Velg ett av dem nedenfor, og send skjemaet igjen."
    ]
    page = response.content.decode()
    for name in ("Avtale AS", "Betalt AS", "Ny AS", "Skylder AS"):
        assert f">{name}</label>" in page
    assert 'value="Foredrag om varsling"' in page and 'value="2020-12-01"' in page
    assert not Contact.objects.exists()

    response = operator_client.post(url, typed | {"member_valg": str(register["unpaid"].pk)})
    assert response.status_code == 302
    assert Contact.objects.get().member == register["unpaid"]


def test_logging_a_contact_with_no_match_or_a_member_of_another_year_gives_a_message(
    operator_client, register
):
    gone = Member.objects.get(organisation__name="Sluttet AS")  # left in 2019
    url = reverse("members:collaboration") + "?ar=2020"
    typed = {"date": "2020-12-01", "kind": "talk"}
    for member, pick in (("Finnes ikke", ""), ("Sluttet AS", ""), ("Sluttet AS", str(gone.pk))):
        response = operator_client.post(url, typed | {"member": member, "member_valg": pick})
        assert response.status_code == 400
        assert response.context["form"].errors["member"] == [
            f"Ingen av årets medlemmer passer til «{member}». Sjekk skrivemåten, eller skriv mindre av navnet."
        ]
        assert f'value="{member}"' in response.content.decode()
    response = operator_client.post(url, typed | {"member": "x" * 5000, "member_valg": "1 OR 1=1"})
    assert response.status_code == 400
    assert response.context["form"].errors["member"] == ["Skriv høyst 200 tegn av navnet."]
    assert not Contact.objects.exists()


def test_log_a_contact_link_from_a_member_page_starts_with_the_member_chosen(operator_client, register):
    url = reverse("members:collaboration") + f"?ar=2020&medlem={register['paid'].pk}"
    page = operator_client.get(url).content.decode()
    assert 'name="member" value="Betalt AS"' in page
    assert (
        operator_client.get(reverse("members:collaboration") + "?ar=2020&medlem=99999999999999").status_code
        == 200
    )


def test_supporting_members_page_counts_the_year(operator_client):
    SupportingMemberFactory(name="Kari Eksempel", joined=date(2019, 3, 1))
    SupportingMemberFactory(name="Ola Eksempel", joined=date(2020, 3, 1))
    page = operator_client.get(reverse("members:supporting") + "?ar=2020")
    assert page.context["figures"] == {"total": 2, "new": 1}
    assert "Kari Eksempel" in page.content.decode()


def test_organisation_admin_sees_its_membership_fees_and_invoice(client, register):
    member = register["unpaid"]
    admin = make_org_admin(member.organisation)
    client.force_login(admin)
    page = client.get(reverse("organisations:detail", args=[member.organisation.pk])).content.decode()
    assert "Medlemskap i Balansekunst" in page
    assert "Fakturert, ikke betalt" in page
    assert reverse("members:invoice", args=[member.organisation.pk, 2020]) in page
    response = client.get(reverse("members:invoice", args=[member.organisation.pk, 2020]))
    assert response.content.startswith(b"%PDF")
    other = register["paid"].organisation
    assert client.get(reverse("members:invoice", args=[other.pk, 2020])).status_code == 403


def test_plain_members_of_the_organisation_do_not_see_the_fees(client, register):
    member = register["unpaid"]
    client.force_login(make_org_member(member.organisation))
    page = client.get(reverse("organisations:detail", args=[member.organisation.pk])).content.decode()
    assert "Medlemskap i Balansekunst" not in page


def test_operator_overview_has_the_member_panel_and_the_public_menu_offers_membership(
    operator_client, client, register
):
    page = operator_client.get(reverse("core:dashboard")).content.decode()
    assert "Medlemmer og kontingent" in page
    assert "ubetalte krav" in page
    assert f'href="{reverse("members:apply")}"' in client.get(reverse("core:home")).content.decode()
