"""Journey 3: an operator logs in with password, sets up a second factor at first log-in, and manages
organisations (create with a typo first, edit, search, filter by art field and municipality)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from balanse.core.models import AuditEntry
from balanse.organisations.models import Organisation
from tests.e2e.conftest import totp_now
from tests.factories import OperatorFactory, OrganisationFactory


def log_in_with_password(staff, page, email, password):
    staff.goto("/konto/login/")
    page.get_by_role("textbox", name="E-post", exact=True).fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn med passord").click()
    staff.check()


def test_operator_sets_up_mfa_then_manages_organisations(make_page):
    operator = OperatorFactory(email="kari@balansekunst.example", password="Et langt passord 2026")
    OrganisationFactory(name="Rosendal teater", municipality="Kvinnherad", fields=["performing_arts"])
    OrganisationFactory(name="Black Box teater", municipality="Oslo", fields=["performing_arts"])
    OrganisationFactory(name="Nasjonalmuseet", municipality="Oslo", fields=["visual_arts"])
    staff = make_page()
    page = staff.page

    log_in_with_password(staff, page, operator.email, "Et langt passord 2026")
    # First log-in: a second factor is mandatory before anything else.
    assert "/konto/2fa/totp/activate/" in page.url
    page.goto(staff.url("/drift/virksomheter/"))  # trying to skip set-up sends you back
    staff.check()
    assert "/konto/2fa/totp/activate/" in page.url
    secret = page.get_by_role("textbox", name="Autentiseringshemmelighet").input_value()
    page.get_by_label("Autentiseringskode").fill("000000")
    page.get_by_role("button", name="Aktiver").click()
    staff.check()
    assert page.get_by_text("Feil kode").count() >= 1
    page.get_by_label("Autentiseringskode").fill(totp_now(secret))
    page.get_by_role("button", name="Aktiver").click()
    staff.check()
    assert Authenticator.objects.filter(user=operator, type=Authenticator.Type.TOTP).exists()

    staff.goto("/drift/virksomheter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Virksomheter"
    page.get_by_label("Kunstfelt").select_option(label="Scenekunst")
    page.get_by_label("Kommune").select_option("Oslo")
    page.get_by_role("button", name="Søk", exact=True).click()
    staff.check()
    assert page.locator("tbody th a").all_inner_texts() == ["Black Box teater"]
    page.get_by_role("link", name="Nullstill").click()
    staff.check()
    page.get_by_label("Søk").fill("rosendal")
    page.get_by_role("button", name="Søk", exact=True).click()
    staff.check()
    assert page.locator("tbody th a").all_inner_texts() == ["Rosendal teater"]

    page.get_by_role("link", name="Ny virksomhet").click()
    staff.check()
    page.get_by_label("Navn").fill("Teater Ibsen")
    page.get_by_label("Organisasjonsnummer").fill("923 609 017")
    page.get_by_label("Musikk").check()
    page.get_by_label("Scenekunst").check()
    page.get_by_label("Kommune eller by").fill("Skien")
    page.get_by_label("Nettadresse").fill("teater ibsen")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert not Organisation.objects.filter(name="Teater Ibsen").exists()
    summary = page.locator(".ds-error-summary")
    assert "det siste sifferet stemmer ikke" in summary.inner_text()
    assert "Oppgi en gyldig nettadresse" in summary.inner_text()
    # Nothing typed is lost.
    assert page.get_by_label("Navn").input_value() == "Teater Ibsen"
    assert page.get_by_label("Kommune eller by").input_value() == "Skien"
    assert page.get_by_label("Scenekunst").is_checked()
    page.get_by_label("Organisasjonsnummer").fill("923 609 016")
    page.get_by_label("Nettadresse").fill("https://teater-ibsen.example")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    created = Organisation.objects.get(name="Teater Ibsen")
    assert created.org_number == "923609016"
    assert sorted(created.art_fields.values_list("code", flat=True)) == ["music", "performing_arts"]
    assert page.get_by_text("Teater Ibsen er opprettet.").is_visible()

    page.get_by_role("link", name="Rediger profil").click()
    staff.check()
    page.get_by_label("Offentlig beskrivelse").fill("Regionteater i Telemark.")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert page.get_by_text("Regionteater i Telemark.").is_visible()
    actions = list(
        AuditEntry.objects.filter(object_id=str(created.pk), content_type__model="organisation")
        .order_by("at")
        .values_list("action", "actor__email")
    )
    assert actions == [
        ("organisation.created", operator.email),
        ("organisation.updated", operator.email),
    ]

    # The second-factor pages are reachable from the overview.
    staff.goto("/oversikt/")
    page.get_by_role("link", name="Din ekstra faktor og gjenopprettingskoder").click()
    staff.check()
    page.goto(staff.url("/konto/2fa/recovery-codes/"))
    staff.check()
    assert page.get_by_role("heading", level=1).count() == 1

    # Logging in again asks for the second factor; a recovery code works as one.
    page.get_by_role("button", name="Logg ut").click()
    staff.check()
    log_in_with_password(staff, page, operator.email, "Et langt passord 2026")
    assert "/konto/2fa/authenticate/" in page.url
    codes = RecoveryCodes(Authenticator.objects.get(user=operator, type="recovery_codes"))
    page.get_by_label("Kode").fill(codes.get_unused_codes()[0])
    page.get_by_role("button", name="Logg inn").click()
    staff.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Driftsoversikt"
