"""Journey: the operator starts an exercise for one of many organisations by typing part of its name: several
match, so the form asks which (radio buttons, nothing else typed is lost); the operator picks one and the
session starts for it. Without JavaScript, scanned with axe on a phone and a desktop."""

import re

import pytest
from playwright.sync_api import expect

from balanse.exercise.models import ExerciseSession
from tests.factories import OperatorFactory, OrganisationFactory


@pytest.mark.parametrize("width", [360, 1280])
def test_operator_starts_an_exercise_for_an_organisation_typed_and_picked(make_page, login_as, width):
    for name in ("Hålogaland Teater", "Teater Ibsen", "Rogaland Teater", "Nasjonalmuseet"):
        OrganisationFactory(name=name)
    staff = make_page(width=width, height=800, javascript=False)
    login_as(staff, OperatorFactory())
    page = staff.goto("/fasilitator/ovelse/")
    organisation = page.get_by_label(re.compile(r"^Virksomhet"))
    organisation.fill("finnes ikke")
    page.get_by_label(re.compile(r"^Høyeste antall deltakere")).fill("30")
    page.get_by_role("button", name="Start økta").click()
    staff.check()
    assert "Ingen virksomhet passer til «finnes ikke»" in page.locator(".ds-error-summary").inner_text()
    assert page.get_by_label(re.compile(r"^Virksomhet")).input_value() == "finnes ikke"

    page.get_by_label(re.compile(r"^Virksomhet")).fill("teater")
    page.get_by_role("button", name="Start økta").click()
    staff.check()
    assert "Flere virksomheter passer til «teater»" in page.locator(".ds-error-summary").inner_text()
    matches = page.get_by_role("group", name="Virksomheter som passer")
    assert matches.get_by_role("radio").count() == 3
    assert page.get_by_label(re.compile(r"^Høyeste antall deltakere")).input_value() == "30"
    matches.get_by_label("Rogaland Teater").check()
    page.get_by_role("button", name="Start økta").click()
    staff.check()
    expect(page.get_by_role("img", name="QR-kode som åpner lenken for å bli med")).to_be_visible()
    session = ExerciseSession.objects.get()
    assert (session.organisation.name, session.participant_cap) == ("Rogaland Teater", 30)
