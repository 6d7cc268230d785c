"""Issue 16's advisory-line journey: an adviser logs an inquiry with notes and opens it; an operator without the
role sees the counts only and cannot open it. Every page is scanned with axe, at 360 px and on a desktop; the
“Søk råd” page shows whether the line is open."""

import pytest

from balanse.advisory import services
from balanse.advisory.models import Inquiry
from balanse.core.models import AuditEntry
from tests.factories import OperatorFactory

NOTES = "Ringte om en regissør. Ønsker å bli ringt opp: 900 00 000."


@pytest.mark.parametrize("width", [360, 1280])
def test_an_adviser_logs_an_inquiry_and_an_operator_without_the_role_cannot_open_it(
    make_page, login_as, settings, tmp_path, width
):
    settings.ADVISORY_KEY_PATH = tmp_path / "advisory.key"
    height = 780 if width == 360 else 900
    adviser = OperatorFactory(full_name="Rita Rådgiver")
    services.grant_adviser_role(user=adviser, by=None)

    visitor = make_page(width=width, height=height)
    page = visitor.goto("/sok-rad/")
    assert ("Åpen nå" in page.content()) or ("Stengt nå" in page.content())

    staff = make_page(width=width, height=height)
    login_as(staff, adviser)
    page = staff.goto("/drift/radgivning/")
    page.get_by_role("link", name="Registrer en henvendelse").first.click()
    staff.check()
    page.get_by_label("Kanal").select_option(label="telefon")
    page.get_by_label("Tema").select_option(label="seksuell trakassering")
    page.get_by_label("Hvem tok kontakt").select_option(label="frilanser")
    page.get_by_label("juridisk veiledning").check()
    page.get_by_label("henvist til Likestillings- og diskrimineringsombudet (LDO)").check()
    page.get_by_label("Trenger oppfølging").check()
    page.get_by_label("Notater").fill(NOTES)
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert "Henvendelsen er registrert." in page.content()
    assert NOTES in page.locator(".notes").inner_text()
    inquiry = Inquiry.objects.get()
    assert inquiry.has_notes and NOTES.encode() not in bytes(inquiry.notes_ciphertext)
    assert AuditEntry.objects.filter(action="advisory.inquiry_opened", actor=adviser).count() == 1
    if width == 360:
        page.screenshot(path=str(tmp_path / "advisory-inquiry.png"), full_page=True)
    staff.goto("/drift/radgivning/")
    staff.goto("/drift/radgivning/radgivere/")

    # An operator without the role: the counts, not the inquiry.
    other = make_page(width=width, height=height)
    login_as(other, OperatorFactory())
    page = other.goto("/drift/radgivning/")
    assert "Færre enn 3 henvendelser" in page.content()
    assert NOTES not in page.content()
    assert page.get_by_role("link", name="Registrer en henvendelse").count() == 0
    if width == 360:
        page.screenshot(path=str(tmp_path / "advisory-counts.png"), full_page=True)
    response = page.goto(other.url(f"/drift/radgivning/{inquiry.pk}/"))
    other.check()
    assert response.status == 403
    assert NOTES not in page.content()
