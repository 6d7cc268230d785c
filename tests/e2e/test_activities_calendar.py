"""Issue 16's calendar journey: a person finds a public activity in the calendar and registers; it is full, so
the next person joins the waiting list and gets the place by itself when the first cancels by the e-mailed
link. The operator's pages of the activity register (list with filters, an activity, the year's figures with a
supplementary entry, the types). Every page is scanned with axe, at 360 px and on a desktop."""

import re
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from balanse.activities.models import Registration
from tests.activities.factories import ActivityFactory, activity_type
from tests.factories import OperatorFactory


def cancel_path(email: str) -> str:
    for message in reversed(mail.outbox):
        if email in message.to:
            match = re.search(r"https?://\S+(/kalender/avmeld/\S+/)", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no cancel link was e-mailed to {email}")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_person_registers_and_the_waiting_list_moves_up_when_someone_cancels(make_page, width, tmp_path):
    cache.clear()
    activity = ActivityFactory(
        title="Balanseprat: makt og grenser",
        type=activity_type("Balanseprat"),
        date=timezone.localdate() + timedelta(days=10),
        start_time=time(18, 0),
        end_time=time(19, 30),
        place="Oslo",
        registration=True,
        capacity=1,
        participants=None,
        description="En samtale om makt og grenser i kulturlivet.",
    )
    height = 780 if width == 360 else 900

    first = make_page(width=width, height=height)
    page = first.goto("/")
    if width == 360:
        page.get_by_role("button", name="Meny").click()  # on a phone the main menu is behind one button
    page.get_by_role("link", name="Kalender").first.click()
    first.check()
    page.get_by_role("link", name=activity.title).click()
    first.check()
    assert "1 plass igjen." in page.locator("#places-status").inner_text()
    if width == 360:
        page.screenshot(path=str(tmp_path / "act-detail-360.png"), full_page=True)
    page.get_by_label("Navn").fill("Ada Aktiv")
    page.get_by_label("E-postadresse").fill("ada@example.org")
    page.get_by_role("button", name="Meld deg på").click()
    first.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Du er påmeldt"

    second = make_page(width=width, height=height)
    page = second.goto(f"/kalender/{activity.pk}/")
    assert "full" in page.locator("#places-status").inner_text()
    page.get_by_label("Navn").fill("Bo Bakerst")
    page.get_by_label("E-postadresse").fill("bo@example.org")
    page.get_by_role("button", name="Sett meg på venteliste").click()
    second.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Du står på venteliste"
    assert Registration.objects.get(email="bo@example.org").state == "waiting"

    # Ada cannot come and cancels by the link in her e-mail; Bo gets the place and an e-mail saying so.
    page = first.goto(cancel_path("ada@example.org"))
    page.get_by_role("button", name="Meld meg av").click()
    first.check()
    assert page.get_by_role("status").inner_text().startswith("Du er meldt av")
    assert Registration.objects.get(email="bo@example.org").state == "confirmed"
    assert mail.outbox[-1].to == ["bo@example.org"]
    assert mail.outbox[-1].subject == f"Du har fått plass: {activity.title}"
    page = second.goto(cancel_path("bo@example.org"))
    assert "Du har plass" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [360, 1280])
def test_operator_pages_of_the_activity_register(make_page, login_as, width, tmp_path):
    ActivityFactory(title="Normkritiske perspektiver", date=date(2020, 3, 11), place="Oslo", participants=40)
    ActivityFactory(
        title="Kulturpolitisk debatt",
        type=activity_type("debatt"),
        date=date(2020, 10, 9),
        place="",
        digital=True,
        participants=None,
        streaming_audience=4800,
    )
    staff = make_page(width=width, height=800)
    login_as(staff, OperatorFactory())
    page = staff.goto("/drift/aktiviteter/?ar=2020")
    page.get_by_label("Digitalt", exact=True).select_option(label="Digitalt")
    page.get_by_role("button", name="Vis").first.click()
    staff.check()
    assert page.locator("tbody th a").all_inner_texts() == ["Kulturpolitisk debatt"]
    if width == 360:
        page.screenshot(path=str(tmp_path / "act-list-360.png"), full_page=True)
    page.get_by_role("link", name="Kulturpolitisk debatt").click()
    staff.check()
    page = staff.goto("/drift/aktiviteter/tall/?ar=2020")
    page.get_by_role("combobox", name=re.compile("^Type")).select_option(label="Balanseprat")
    page.get_by_label("Antall aktiviteter").fill("5")
    page.get_by_label(re.compile("^Deltakere")).fill("360")
    page.locator("#id_note").fill("Ikke ført opp én og én i årsrapporten.")
    page.get_by_role("button", name="Legg til").click()
    staff.check()
    assert page.locator("dl.facts dd").first.inner_text() == "7"
    page = staff.goto("/drift/aktiviteter/typer/")
    page = staff.goto("/drift/aktiviteter/ny/")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert page.locator(".ds-error-summary").count() or page.locator(".ds-validation-message").count()
