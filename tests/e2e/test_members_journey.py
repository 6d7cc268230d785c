"""Issue 15's journey: an organisation applies through “Bli medlem”, the operator approves, the contact person
accepts the invitation; the operator creates the year's claims and sends the invoices, imports a camt.053 file
that pays some of them, sees the unpaid list and the reminder go out once; a supporting member signs up,
confirms and leaves. Every page is scanned with axe, at 360 px and on a desktop."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from balanse.members.models import Fee, FeeStatus, FeeYear, Member, SupportingMember
from balanse.organisations.models import Membership, Role
from tests.e2e.conftest import link_in_last_email
from tests.factories import OperatorFactory, OrganisationFactory
from tests.members.camt import statement
from tests.members.factories import FeeFactory, FeeTierFactory, MemberFactory

CONTACT = re.compile(r"^Kontaktperson\b(?!s)")  # not “Kontaktpersonens e-post”


def setup_year() -> int:
    year = timezone.localdate().year
    FeeYear.objects.create(year=year, cutoff=date(year, 12, 31), decided="Årsmøtet i mai")
    for amount, text in [(15000, "Årsbudsjett over 20 mill. kr"), (4000, "Årsbudsjett 0,5–1 mill. kr")]:
        FeeTierFactory(year=year, amount=amount, description=text)
    for name in ("Fjordteatret", "Kystkoret"):
        member = MemberFactory(
            organisation=OrganisationFactory(name=name), invoice_email=f"faktura@{name.lower()}.example"
        )
        FeeFactory(member=member, year=year, tier=15000)
    return year


@pytest.mark.parametrize("width", [360, 1280])
def test_member_from_application_to_paid_and_a_supporting_member_comes_and_goes(
    make_page, login_as, settings, tmp_path, width
):
    settings.MEMBERS_REMINDER_DAYS = 0  # the claims in this journey fall due today
    cache.clear()  # rate limits counted by earlier tests in this process
    year = setup_year()
    operator = OperatorFactory()
    height = 780 if width == 360 else 900

    # The organisation applies, on a phone or a desktop, without an account.
    applicant = make_page(width=width, height=height)
    page = applicant.goto("/")
    if width == 360:
        page.get_by_role("button", name="Meny").click()  # on a phone the main menu is behind one button
    page.get_by_role("link", name="Bli medlem").first.click()
    applicant.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Bli medlem av Balansekunst"
    page.get_by_label("Virksomhetens navn").fill("Nordlys scene")
    page.get_by_label("Organisasjonsnummer").fill("923 609 017")
    page.get_by_label("Kunstfelt").select_option(label="Scenekunst")
    page.get_by_label("Kommune").fill("Tromsø")
    page.get_by_label(CONTACT).fill("Nora Nordlys")
    page.get_by_label("Kontaktpersonens e-post").fill("nora@nordlys.example")
    page.get_by_label("4\u00a0000 kr – Årsbudsjett 0,5–1 mill. kr").check()
    page.get_by_role("button", name="Send søknaden").click()
    applicant.check()
    assert "det siste sifferet stemmer ikke" in page.locator(".ds-error-summary").inner_text()
    assert page.get_by_label(CONTACT).input_value() == "Nora Nordlys"
    page.get_by_label("Organisasjonsnummer").fill("923 609 016")
    page.get_by_role("button", name="Send søknaden").click()
    applicant.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Takk for søknaden"
    assert mail.outbox[-1].subject == "Vi har mottatt søknaden fra Nordlys scene"

    # The operator approves with a message.
    staff = make_page(width=width, height=height)
    login_as(staff, operator)
    page = staff.goto("/drift/medlemmer/soknader/")
    page.get_by_role("link", name="Nordlys scene").click()
    staff.check()
    page.get_by_label("Melding til søkeren").fill("Velkommen som medlem!")
    page.get_by_role("button", name="Godkjenn").click()
    staff.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Nordlys scene"
    member = Member.objects.get(organisation__name="Nordlys scene")
    assert (member.organisation.org_number, member.organisation.is_member) == ("923609016", True)

    # The contact person accepts the invitation and sees the membership on the organisation's page.
    contact = make_page(width=width, height=height)
    contact.page.goto(link_in_last_email("nora@nordlys.example"))
    contact.check()
    page = contact.page
    page.get_by_label("Navnet ditt").fill("Nora Nordlys")
    page.get_by_role("button", name="Takk ja og logg inn").click()
    contact.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Nordlys scene"
    assert Membership.objects.get(user__email="nora@nordlys.example").role == Role.ADMIN
    panel = page.locator("section", has=page.get_by_role("heading", name="Medlemskap i Balansekunst"))
    assert "4\u00a0000 kr" in panel.inner_text() and "Ikke fakturert" in panel.inner_text()

    # The operator creates the year's claims (due today) and sends the invoices.
    page = staff.goto("/drift/medlemmer/kontingent/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Kontingent {year}"
    page.get_by_label("Forfallsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Opprett kravene").click()
    staff.check()
    assert page.get_by_text("3 krav ble opprettet.").is_visible()
    page.get_by_role("button", name="Send 3 fakturaer på e-post").click()
    staff.check()
    assert page.get_by_text("3 fakturaer ble sendt.").is_visible()
    page.get_by_role("button", name="Opprett kravene").click()  # again: nothing new
    staff.check()
    assert page.get_by_text("Ingen nye krav: alle betalende medlemmer har allerede ett.").is_visible()

    # The bank's statement pays two of the three claims and has a payment that matches none.
    nordlys = Fee.objects.get(member=member, year=year)
    fjord = Fee.objects.get(member__organisation__name="Fjordteatret", year=year)
    kyst = Fee.objects.get(member__organisation__name="Kystkoret", year=year)
    path = tmp_path / "kontoutskrift.xml"
    path.write_bytes(
        statement(
            [
                {
                    "amount": "4000",
                    "kid": nordlys.kid,
                    "date": "2026-01-05",
                    "payer": "Nordlys scene",
                    "ref": "N1",
                },
                {
                    "amount": "15000",
                    "kid": fjord.kid,
                    "date": "2026-01-06",
                    "payer": "Fjordteatret",
                    "ref": "N2",
                },
                {"amount": "500", "message": "Gave", "date": "2026-01-06", "payer": "Noen", "ref": "N3"},
            ]
        )
    )
    page = staff.goto("/drift/medlemmer/innbetalinger/")
    page.get_by_label(re.compile(r"^Kontoutskrift")).set_input_files(str(path))
    page.get_by_role("button", name="Les filen").click()
    staff.check()
    assert page.get_by_text("Betaler kontingenten til Nordlys scene").is_visible()
    assert page.get_by_text("Ingen krav har denne KID-en: plasseres for hånd").is_visible()
    page.get_by_role("button", name="Registrer innbetalingene").click()
    staff.check()
    assert page.get_by_text("2 betalte en kontingent, 1 må plasseres").is_visible()
    assert page.get_by_role("heading", name="1 innbetaling å plassere").is_visible()
    nordlys.refresh_from_db()
    assert nordlys.status == FeeStatus.PAID

    # The unpaid list, and the reminder goes out once.
    page = staff.goto("/drift/medlemmer/kontingent/")
    unpaid = page.locator("section", has=page.get_by_role("heading", name="Ikke betalt"))
    assert unpaid.locator("tbody th").all_inner_texts() == ["Kystkoret"]
    before = len(mail.outbox)
    page.get_by_role("button", name="Send 1 purring som er forfalt").click()
    staff.check()
    assert page.get_by_text("1 purring ble sendt.").is_visible()
    assert page.get_by_text("Ingen purringer er forfalt nå.").is_visible()  # the button is gone
    assert unpaid.locator("tbody td").last.inner_text() == timezone.localdate().strftime("%d.%m.%Y")
    call_command("members_daily", stdout=StringIO())  # the scheduled run the same day sends nothing more
    reminders = [m for m in mail.outbox[before:] if m.subject.startswith("Purring")]
    assert [m.to for m in reminders] == [["faktura@kystkoret.example"]]
    kyst.refresh_from_db()
    assert kyst.reminder_sent_at is not None

    # A supporting member signs up, confirms, and leaves.
    person = make_page(width=width, height=height)
    page = person.goto("/stottemedlem/")
    page.get_by_label("Navnet ditt").fill("Oda Oppdiktet")
    page.get_by_label("E-postadresse").fill("oda@example.org")
    page.get_by_role("button", name="Meld meg på").click()
    person.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Sjekk e-posten din"
    page.goto(link_in_last_email("oda@example.org"))
    person.check()
    page.get_by_role("button", name="Ja, jeg vil være støttemedlem").click()
    person.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen som støttemedlem"
    assert SupportingMember.objects.get().joined == timezone.localdate()
    leave = re.search(r"https?://\S+/stottemedlem/meld-ut/\S+/", mail.outbox[-1].body).group(0)
    page.goto(leave)
    person.check()
    page.get_by_role("button", name="Meld meg ut og slett opplysningene").click()
    person.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Du har meldt deg ut"
    left = SupportingMember.objects.get()
    assert (left.email, left.left) == ("", timezone.localdate())
