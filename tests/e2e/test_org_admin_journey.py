"""Journey 4: the operator invites an organisation admin by e-mail; the admin accepts, sees only their own
organisation, edits its profile, invites a colleague, and later logs in with a one-time code."""

from django.core import mail

from balanse.organisations.models import Invitation, Membership, Role
from tests.e2e.conftest import last_code_for, link_in_last_email
from tests.factories import OperatorFactory, OrganisationFactory


def test_invited_admin_accepts_edits_profile_invites_and_logs_in_by_code(make_page, login_as):
    theatre = OrganisationFactory(name="Rosendal teater", municipality="Kvinnherad")
    other = OrganisationFactory(name="Nasjonalmuseet", municipality="Oslo")
    operator = OperatorFactory()

    # The operator invites the contact person.
    staff = make_page()
    login_as(staff, operator)
    page = staff.goto(f"/virksomhet/{theatre.pk}/")
    page.get_by_role("link", name="Inviter en kollega").click()
    staff.check()
    page.get_by_label("E-postadresse").fill("ikke en adresse")
    page.get_by_role("button", name="Send invitasjon").click()
    staff.check()
    assert page.get_by_label("E-postadresse").input_value() == "ikke en adresse"
    assert Invitation.objects.count() == 0
    page.get_by_label("E-postadresse").fill("Ingrid@Rosendal.example")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Send invitasjon").click()
    staff.check()
    assert page.get_by_text("En invitasjon er sendt til ingrid@rosendal.example").is_visible()
    assert mail.outbox[-1].subject == "Invitasjon til Rosendal teater i Balanse"
    assert mail.outbox[-1].to == ["ingrid@rosendal.example"]

    # The admin opens the link on their own phone.
    admin = make_page(width=360, height=780)
    link = link_in_last_email("ingrid@rosendal.example")
    admin.page.goto(link)
    admin.check()
    page = admin.page
    assert page.get_by_role("heading", level=1).inner_text() == "Bli med i Rosendal teater"
    # The name is required: without it, a clear message and nothing is made.
    page.get_by_role("button", name="Takk ja og logg inn").click()
    admin.check()
    assert page.locator("#id_full_name_error").inner_text() == "Skriv hele navnet ditt."
    assert not Membership.objects.filter(user__email="ingrid@rosendal.example").exists()
    page.get_by_label("Navnet ditt").fill("Ingrid Rosendal")
    page.get_by_role("button", name="Takk ja og logg inn").click()
    admin.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Rosendal teater"
    membership = Membership.objects.get(user__email="ingrid@rosendal.example")
    assert (membership.organisation, membership.role) == (theatre, Role.ADMIN)

    # The link cannot be used twice.
    page.goto(link)
    admin.check()
    assert page.get_by_text("Denne invitasjonen er allerede brukt").is_visible()

    # Only their own organisation.
    admin.goto(f"/virksomhet/{other.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke tilgang til denne siden"
    admin.goto("/drift/virksomheter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Du har ikke tilgang til denne siden"

    # Edit the profile: a bad organisation number is explained and nothing typed is lost.
    admin.goto("/virksomhet/")
    page.get_by_role("link", name="Rediger profil").click()
    admin.check()
    page.get_by_label("Offentlig beskrivelse").fill("Teater i Hardanger.")
    page.get_by_label("Organisasjonsnummer").fill("12345")
    page.get_by_role("button", name="Lagre").click()
    admin.check()
    assert "nøyaktig 9 sifre" in page.locator(".ds-error-summary").inner_text()
    assert page.get_by_label("Offentlig beskrivelse").input_value() == "Teater i Hardanger."
    page.get_by_label("Organisasjonsnummer").fill("")
    page.get_by_role("button", name="Lagre").click()
    admin.check()
    assert page.get_by_text("Teater i Hardanger.").is_visible()
    assert page.get_by_role("checkbox", name="Medlem av Balansekunst").count() == 0

    # Invite a colleague as member.
    page.get_by_role("link", name="Inviter en kollega").click()
    admin.check()
    page.get_by_label("E-postadresse").fill("ola@rosendal.example")
    page.get_by_role("button", name="Send invitasjon").click()
    admin.check()
    assert page.get_by_text("ola@rosendal.example (Medlem)").is_visible()
    invitation = Invitation.objects.get(email="ola@rosendal.example")
    assert invitation.invited_by.email == "ingrid@rosendal.example"

    # Later: log out, log in with a one-time code.
    page.get_by_role("button", name="Logg ut").click()
    admin.check()
    admin.goto("/konto/login/")
    page.get_by_label("E-postadresse").fill("ingrid@rosendal.example")
    page.get_by_role("button", name="Send meg en innloggingskode").click()
    admin.check()
    page.get_by_label("Kode").fill("WRONG1")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    admin.check()
    assert page.locator(".ds-validation-message, .ds-error-summary").count() >= 1
    page.get_by_label("Kode").fill(last_code_for("ingrid@rosendal.example"))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    admin.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Rosendal teater"
