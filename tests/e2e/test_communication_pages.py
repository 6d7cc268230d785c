"""The operator's communication log, clicked through and scanned with axe at 360 px and on a desktop: add an
entry (a bad link first), the list with a filter, the year's figures with a total without rows and a key
figure."""

import pytest

from balanse.communication.models import Entry
from tests.factories import OperatorFactory


@pytest.mark.parametrize("width", [360, 1280])
def test_operator_logs_communication_and_sees_the_figures(make_page, login_as, width, tmp_path):
    staff = make_page(width=width, height=800)
    login_as(staff, OperatorFactory())
    page = staff.goto("/drift/kommunikasjon/?ar=2020")
    page.get_by_role("link", name="Legg til en føring").click()
    staff.check()
    page.get_by_label("Dato").fill("2020-03-08")
    page.get_by_role("combobox", name="Type").select_option(label="Kronikk")
    page.get_by_label("Tittel").fill("Kulturlivet må ta ansvar")
    page.get_by_label("Medium eller instans").fill("Aftenposten")
    page.get_by_label("Lenke").fill("ikke en lenke")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert not Entry.objects.exists()
    page.get_by_label("Lenke").fill("https://www.aftenposten.no/kronikk")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert page.locator("tbody th a").first.inner_text() == "Kulturlivet må ta ansvar"
    page = staff.goto("/drift/kommunikasjon/tall/?ar=2020")
    page.locator("#id_total-type").select_option(label="Medieoppslag")
    page.locator("#id_total-count").fill("18")
    page.locator("#id_total-note").fill("Årsrapporten lister dem ikke.")
    page.get_by_role("button", name="Legg til totaltallet").click()
    staff.check()
    page.locator("#id_figure-name").fill("Unike besøkende")
    page.locator("#id_figure-value").fill("12000")
    page.get_by_role("button", name="Legg til nøkkeltallet").click()
    staff.check()
    assert page.locator("#media-mentions").inner_text() == "19"
    if width == 360:
        page.screenshot(path=str(tmp_path / "comm-figures-360.png"), full_page=True)
