"""Issue 20's journey: a person opens the privacy page from the footer, downloads their data, looks at where
they are logged in and deletes their account; the operator reads the record of processing and looks up an
address. Every page is scanned with axe, at 360 px and on a desktop."""

import json
from pathlib import Path

import pytest

from balanse.core.models import User
from balanse.members.models import SupportingMember
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin, make_org_member


@pytest.mark.parametrize("width", [360, 1280])
def test_privacy_page_download_and_account_deletion(make_page, login_as, width):
    organisation = OrganisationFactory(name="Kystteatret")
    make_org_admin(organisation)
    person = make_org_member(organisation, user__email="siri@kyst.example", user__full_name="Siri Sjø")
    wrapper = make_page(width=width, height=780 if width == 360 else 900)
    page = wrapper.goto("/")

    page.get_by_role("contentinfo").get_by_role("link", name="Personvern").click()
    wrapper.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Personvern"
    page.get_by_text("Medlemskap", exact=True).first.click()  # opens the register's details
    wrapper.check()
    assert page.get_by_text("Hvilke virksomheter personen tilhører, og rollen der").is_visible()

    login_as(wrapper, person)
    page = wrapper.goto("/personvern/")
    page.get_by_role("link", name="Gå til dine data").click()
    wrapper.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Dine data"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned alt (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["email"] == "siri@kyst.example"
    assert "organisations.Membership" in {section["model"] for section in data["registers"]}

    page.get_by_role("link", name="Hvor du er innlogget").click()
    wrapper.check()
    page.get_by_role("link", name="Tilbake til dine data").click()
    wrapper.check()

    page.get_by_role("link", name="Slett kontoen min").click()
    wrapper.check()
    assert page.get_by_text("Du går ut av Kystteatret").is_visible()
    page.get_by_role("button", name="Slett kontoen min").click()
    wrapper.check()  # the error: the box was not ticked
    assert User.objects.filter(pk=person.pk).exists()
    page.get_by_label("Jeg forstår").check()
    page.get_by_role("button", name="Slett kontoen min").click()
    wrapper.check()
    assert page.get_by_text("Kontoen din er slettet.").is_visible()
    assert not User.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize("width", [360, 1280])
def test_operator_record_and_lookup(make_page, login_as, width):
    operator = OperatorFactory()
    SupportingMember.objects.create(name="Per", email="per@example.org")
    wrapper = make_page(width=width, height=780 if width == 360 else 900)
    login_as(wrapper, operator)
    page = wrapper.goto("/drift/personvern/")
    assert page.get_by_role("heading", level=1).inner_text() == "Protokoll over behandlingsaktiviteter"
    page.get_by_role("link", name="Finn, eksporter eller slett alt om en e-postadresse").click()
    wrapper.check()
    page.get_by_label("E-postadresse").fill("per@example.org")
    page.get_by_role("button", name="Finn").click()
    wrapper.check()
    assert page.get_by_text("Støttemedlemmer: 1").is_visible()
    page.get_by_label("Slett alt som er listet opp om denne adressen").check()
    page.get_by_role("button", name="Slett alt").click()
    wrapper.check()
    assert not SupportingMember.objects.filter(email="per@example.org").exists()
