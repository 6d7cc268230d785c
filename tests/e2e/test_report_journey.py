"""Issue 17's journey: the operator sends the board's diversity survey, three board members answer on their
phones, the operator closes it and sees the small counts hidden; writes a section's text, previews it and
publishes the 2020 report; the public opens the published report and downloads the PDF, whose text holds the
key figures. Every page is scanned with axe, at 360 px and on a desktop."""

import io
import os

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from balanse.report.models import Position
from tests.e2e.conftest import link_in_last_email
from tests.factories import OperatorFactory

BOARD = [("Anna Styre", "anna@styre.example", "Kvinne"), ("Berit Styre", "berit@styre.example", "Kvinne")]
BOARD += [("Carl Styre", "carl@styre.example", "Mann")]


@pytest.mark.parametrize("width", [360, 1280])
def test_survey_answered_on_phones_then_the_2020_report_is_written_published_and_read(
    make_page, login_as, width
):
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    for name, email, _gender in BOARD:
        Position.objects.create(year=2021, body="board", role="member", name=name, email=email)
    operator = OperatorFactory()
    height = 780 if width == 360 else 900

    # The operator makes the 2021 survey and sends it to the board (the addresses are filled in).
    staff = make_page(width=width, height=height)
    login_as(staff, operator)
    page = staff.goto("/drift/arsrapport/2021/undersokelse/")
    staff.check()
    page.get_by_role("button", name="Lag undersøkelsen for 2021").click()
    staff.check()
    assert "anna@styre.example" in page.get_by_label("E-postadresser").input_value()
    page.get_by_role("button", name="Send undersøkelsen").click()
    staff.check()
    assert "3 lenker ble sendt." in page.locator("body").inner_text()

    # Three board members answer on their phones.
    for _name, email, gender in BOARD:
        phone = make_page(width=360, height=780)
        page = phone.page
        page.goto(link_in_last_email(email))
        phone.check()
        page.get_by_label("Hvor gammel er du?").fill("45")
        page.get_by_role("group", name="Hvilken kjønnsidentitet har du?").get_by_label(
            gender, exact=True
        ).check()
        page.get_by_role("button", name="Send svarene mine").click()
        phone.check()
        assert page.get_by_role("heading", level=1).inner_text() == "Takk for at du svarte"
        page.goto(link_in_last_email(email))
        phone.check()
        assert page.get_by_role("heading", level=1).inner_text() == "Denne lenken virker ikke lenger"

    # The operator closes the survey and sees the results with the small counts hidden.
    page = staff.goto("/drift/arsrapport/2021/undersokelse/")
    assert "3 av 3 lenker er brukt." in page.locator("body").inner_text()
    page.get_by_role("button", name="Lukk undersøkelsen og vis resultatene").click()
    staff.check()
    table = page.get_by_role("table", name="Hvilken kjønnsidentitet har du?")
    assert table.get_by_role("row", name="Kvinne skjult (for få)").count() == 1
    assert table.get_by_role("row", name="Mann skjult (for få)").count() == 1
    assert "gjennomsnitt 45" in page.get_by_role("table", name="Hvor gammel er du?").inner_text()

    # The operator writes the members section's text, previews it and saves it, then publishes 2020.
    page = staff.goto("/drift/arsrapport/2020/")
    staff.check()
    page.locator("#text-members summary").click()
    staff.check()
    form = page.locator("#text-members form").first
    form.get_by_label("Tekst (Markdown)").fill("I 2020 ønsket vi **mange** nye medlemmer velkommen.")
    form.get_by_role("button", name="Forhåndsvis").click()
    staff.check()
    assert page.locator("#preview strong").inner_text() == "mange"
    page.locator("#text-members form").first.get_by_role("button", name="Lagre").click()
    staff.check()
    page.get_by_role("button", name="Publiser rapporten for 2020").click()
    staff.check()
    assert "Årsrapporten for 2020 er publisert." in page.locator("body").inner_text()

    # The public opens the published report and downloads the PDF.
    reader = make_page(width=width, height=height)
    page = reader.goto("/arsrapport/")
    reader.check()
    page.get_by_role("link", name="Årsrapport 2020").click()
    reader.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Balansekunsts årsrapport 2020"
    assert "ønsket vi mange nye medlemmer" in page.locator("#s-members").inner_text()
    assert "3\u00a0417\u00a0012" in page.locator("#s-finance").inner_text()
    with page.expect_download(timeout=60_000) as download_info:  # the PDF takes seconds on a busy machine
        page.get_by_role("link", name="Last ned årsrapporten for 2020 som PDF").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    text = " ".join(p.extract_text() for p in pdf.pages).replace("\u00a0", " ")
    for figure in ("3 417 012", "425 165", "105 medlemsorganisasjoner", "9 av 9", "Innhold"):
        assert figure in text, figure
