import pytest
from django.core import mail  # noqa: F401

from balanse.certification import services as cert_services
from balanse.certification.models import Certification
from balanse.certification.requirements import get_requirements, uses_checklist
from balanse.core.links import hash_token
from balanse.workbook import services
from balanse.workbook.models import PlanShare, Section, SectionKey, Workbook
from tests.workbook.conftest import complete_data, fill_workbook

pytestmark = pytest.mark.django_db
S = Certification.State


def _section(workbook, key):
    return Section.objects.get(workbook=workbook, key=key)


def test_section_save_records_version_and_who(client_for, workbook, org_admin):
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 0, "stand": "Vi står sammen.", "signed_by": "Leder"}
    )
    assert response.status_code == 302
    section = _section(workbook, SectionKey.RESPONSIBILITY)
    assert section.data == {"stand": "Vi står sammen.", "signed_by": "Leder"}
    assert (section.version, section.updated_by) == (1, org_admin)
    assert list(section.versions.values_list("version", flat=True)) == [1]
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/ansvar/").content.decode()
    assert f"Sist endret av {org_admin.full_name}" in page


def test_section_stale_save_shows_both_versions_and_keeps_typed_text(client_for, workbook, org_member):
    section = _section(workbook, SectionKey.RESPONSIBILITY)
    services.save_section(
        section=section, data={"stand": "Medlemmets tekst.", "signed_by": ""}, version=0, by=org_member
    )
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 0, "stand": "Adminens tekst.", "signed_by": ""}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Noen andre lagret denne delen mens du redigerte." in page
    assert "Medlemmets tekst." in page  # the saved version
    assert page.count("Adminens tekst.") == 2  # in "your version" and still in the form
    assert 'name="version" value="1"' in page
    section.refresh_from_db()
    assert section.data["stand"] == "Medlemmets tekst."
    # Saving again from the re-displayed form deliberately replaces the other version.
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 1, "stand": "Adminens tekst.", "signed_by": ""}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.data["stand"], section.version) == ("Adminens tekst.", 2)


def test_rule_longer_than_limit_is_refused_and_kept(client_for, workbook):
    long_rule = "x" * 501
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/regler/",
        {
            "version": 0,
            "discussion": "Notater",
            "rule-TOTAL_FORMS": "1",
            "rule-INITIAL_FORMS": "0",
            "rule-0-text": long_rule,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingenting ble lagret." in page
    assert "Denne teksten kan være på høyst 500 tegn (den har 501)." in page
    assert long_rule in page and "Notater" in page
    assert _section(workbook, SectionKey.RULES).version == 0


def test_add_rule_empty_or_too_long_gives_message(client_for, workbook):
    response = client_for("admin").post(f"/tiltak/{workbook.pk}/regler/ny/", {"text": ""})
    assert response.status_code == 400
    assert "Skriv regelen." in response.content.decode()
    response = client_for("admin").post(f"/tiltak/{workbook.pk}/regler/ny/", {"text": "y" * 600})
    assert response.status_code == 400
    assert "y" * 600 in response.content.decode()
    assert _section(workbook, SectionKey.RULES).version == 0


def test_add_rule_appends_without_version(client_for, workbook):
    client_for("member").post(
        f"/tiltak/{workbook.pk}/regler/ny/", {"text": "Vi bruker navn.", "factors": ["networks"]}
    )
    client_for("admin").post(f"/tiltak/{workbook.pk}/regler/ny/", {"text": "Ingen sexvitser."})
    section = _section(workbook, SectionKey.RULES)
    assert section.data["rules"] == [
        {"text": "Vi bruker navn.", "factors": ["networks"]},
        {"text": "Ingen sexvitser.", "factors": []},
    ]
    assert section.version == 2


def test_contact_without_name_is_refused_and_kept(client_for, workbook):
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/rutiner/",
        {
            "version": 0,
            "contact-TOTAL_FORMS": "1",
            "contact-INITIAL_FORMS": "0",
            "contact-0-name": "",
            "contact-0-reach": "vera@example.org",
            "handling": "Trinn 1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv navnet på kontaktpersonen." in page
    assert "vera@example.org" in page and "Trinn 1" in page


def test_invalid_date_is_refused(client_for, workbook):
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/snakk-om-det/", {"version": 0, "when": "Møter", "next_date": "neste uke"}
    )
    assert response.status_code == 400
    assert "Skriv en gyldig dato." in response.content.decode()


def test_unknown_section_is_404(client_for, workbook):
    assert client_for("admin").get(f"/tiltak/{workbook.pk}/finnes-ikke/").status_code == 404


def test_risk_mapping_own_factor_added_answered_and_removed(client_for, workbook):
    client = client_for("admin")
    client.post(f"/tiltak/{workbook.pk}/kartlegging/", {"version": 0, "new_title": "Nattarbeid"})
    own = _section(workbook, SectionKey.RISK_MAPPING).data["own"]
    assert [o["title"] for o in own] == ["Nattarbeid"]
    key = own[0]["key"]
    client.post(
        f"/tiltak/{workbook.pk}/kartlegging/",
        {
            "version": 1,
            f"f_{key}_title": "Nattarbeid",
            f"f_{key}_applies": "yes",
            f"f_{key}_shows": "Sene rigger",
        },
    )
    data = _section(workbook, SectionKey.RISK_MAPPING).data
    assert data["factors"][key]["shows"] == "Sene rigger"
    page = client.get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    assert "Nattarbeid" in page  # rules can answer it, and it is listed as unanswered
    client.post(f"/tiltak/{workbook.pk}/kartlegging/", {"version": 2, f"f_{key}_title": ""})
    assert _section(workbook, SectionKey.RISK_MAPPING).data["own"] == []


def test_completeness_lists_missing_and_turns_complete(client_for, workbook):
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "7 deler er ikke fullført ennå." in page
    assert "Svar på om «Alkohol» gjelder dere." in page
    fill_workbook(workbook)
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Alle delene er fullført." in page


def test_rules_must_answer_every_applying_factor(workbook):
    data = complete_data()
    data[SectionKey.RULES]["rules"][0]["factors"] = []
    fill_workbook(workbook, data=data)
    requirements = {r.key: r for r in get_requirements(workbook.certification)}
    assert requirements["rules"].complete is False
    assert requirements["rules"].missing == ["Ingen regel svarer ennå på risikofaktoren «Alkohol»."]


def test_requirements_come_from_the_workbook(make_certification, organisation, workbook, operator):
    other = make_certification(
        __import__("tests.factories", fromlist=["x"]).OrganisationFactory(), S.MEASURES
    )
    assert uses_checklist(other) is True  # no workbook: the interim checklist still applies
    cert = workbook.certification
    requirements = get_requirements(cert)
    assert [r.key for r in requirements] == [
        "risk_mapping",
        "rules",
        "routines",
        "consequences",
        "responsibility",
        "contract_clause",
        "conversations",
    ]
    assert requirements[1].url == f"/tiltak/{workbook.pk}/regler/"
    assert not any(r.complete for r in requirements)
    with pytest.raises(cert_services.TransitionError):
        cert_services.submit_for_review(certification=cert, by=operator)
    fill_workbook(workbook)
    assert all(r.complete for r in get_requirements(cert))
    cert_services.submit_for_review(certification=cert, by=operator)


def test_workbook_locked_in_review_and_opened_by_send_back(client_for, workbook, operator):
    fill_workbook(workbook)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=operator)
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 1, "stand": "Endret", "signed_by": ""}
    )
    assert response.status_code == 409
    assert "Tiltaksarbeidet er låst mens Balansekunst vurderer tiltakene deres." in response.content.decode()
    assert "Endret" in response.content.decode()
    assert _section(workbook, SectionKey.RESPONSIBILITY).data["stand"] == "Vi tolererer ikke trakassering."
    cert_services.send_back(certification=cert, by=operator, comments={"rules": "Ta med turné."})
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    assert "Ta med turné." in page
    assert "Lagre «Regler»" in page
    overview = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Ta med turné." in overview


def test_overview_shows_a_sections_newest_review_comment_and_points_to_the_others(
    client_for, workbook, operator, org_admin
):
    """Sent back twice in the cycle: the overview shows the newest comment of the section and how many came
    before it, with a link to the section, which shows every one."""
    fill_workbook(workbook)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=operator)
    cert = cert_services.send_back(certification=cert, by=operator, comments={"rules": "Ta med turné."})
    rules = _section(workbook, SectionKey.RULES)
    data = dict(rules.data, rules=[*rules.data["rules"], {"text": "Gjelder på turné.", "factors": []}])
    services.save_section(section=rules, data=data, version=rules.version, by=org_admin)
    cert = cert_services.submit_for_review(certification=cert, by=operator)
    cert_services.send_back(
        certification=cert, by=operator, comments={"rules": "Og <gjestespill> & innleide."}
    )
    overview = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Og &lt;gjestespill&gt; &amp; innleide." in overview
    assert "Ta med turné." not in overview
    assert (
        f'<a class="ds-link" href="/tiltak/{workbook.pk}/regler/">1 tidligere kommentar fra vurderingen: les den i '
        "delen</a>" in overview
    )
    section = client_for("admin").get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    assert "Ta med turné." in section and "Og &lt;gjestespill&gt; &amp; innleide." in section


def test_new_cycle_starts_with_a_copy_and_shows_changes(client_for, workbook, operator):
    fill_workbook(workbook)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=operator)
    cert = cert_services.award_mark(certification=cert, decided_by=operator)
    cert = cert_services.start_follow_up(certification=cert, by=operator, date=cert.valid_from)
    new = Workbook.objects.get(certification=cert, cycle=2)
    assert new.copied_from == workbook
    assert _section(new, SectionKey.RULES).data == _section(workbook, SectionKey.RULES).data
    assert new.editable and not workbook.editable
    rules = _section(new, SectionKey.RULES)
    data = dict(rules.data, rules=[*rules.data["rules"], {"text": "Ny regel for turné.", "factors": []}])
    services.save_section(section=rules, data=data, version=rules.version, by=None)
    page = client_for("admin").get(f"/tiltak/{new.pk}/endringer/").content.decode()
    assert "Ny regel for turné." in page and "Lagt til:" in page
    old_page = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 1, "stand": "x", "signed_by": ""}
    )
    assert old_page.status_code == 409
    assert all(r.complete for r in get_requirements(cert))
    cert_services.renew(certification=cert, decided_by=operator)


def test_history_shows_each_version_with_changes(client_for, workbook, org_admin, org_member):
    section = _section(workbook, SectionKey.RESPONSIBILITY)
    services.save_section(section=section, data={"stand": "Første", "signed_by": ""}, version=0, by=org_admin)
    services.save_section(section=section, data={"stand": "Andre", "signed_by": ""}, version=1, by=org_member)
    page = client_for("member").get(f"/tiltak/{workbook.pk}/ansvar/historikk/").content.decode()
    assert f"Versjon 2 – {org_member.full_name}" in page
    assert f"Versjon 1 – {org_admin.full_name}" in page
    assert "Andre" in page and "Første" in page


def test_share_link_stores_only_a_hash_and_revoking_closes_it(client_for, workbook):
    fill_workbook(workbook)
    response = client_for("admin").post(f"/virksomhet/{workbook.organisation_id}/tiltaksplan/deling/")
    page = response.content.decode()
    share = PlanShare.objects.get()
    token = page.split("/plan/")[1].split("/")[0]
    assert share.token_hash == hash_token(token) and token not in share.token_hash
    anonymous = client_for("anonymous")
    opened = anonymous.get(f"/plan/{token}/")
    assert opened.status_code == 200
    assert "Noen fra ledelsen er alltid edru på fester." in opened.content.decode()
    assert opened["X-Robots-Tag"] == "noindex"
    client_for("admin").post(
        f"/virksomhet/{workbook.organisation_id}/tiltaksplan/deling/{share.pk}/trekk-tilbake/"
    )
    gone = client_for("anonymous").get(f"/plan/{token}/")
    assert gone.status_code == 404
    assert "Lenken virker ikke lenger" in gone.content.decode()
    assert client_for("anonymous").get("/plan/tull/").status_code == 404


def test_not_started_page_before_the_measures_step(client_for, make_certification, organisation):
    make_certification(organisation, S.COURSE)
    response = client_for("admin").get(f"/virksomhet/{organisation.pk}/tiltak/")
    assert response.status_code == 200
    assert "Tiltaksarbeidet åpner når kurset er holdt" in response.content.decode()
    assert not Workbook.objects.exists()


def test_organisation_panel_links_to_the_workbook(client_for, workbook):
    page = client_for("member").get(f"/virksomhet/{workbook.organisation_id}/").content.decode()
    assert f'href="/tiltak/{workbook.pk}/"' in page


def test_no_workbook_is_started_during_a_review(client_for, make_certification, organisation, operator):
    from tests.workbook.conftest import tick_all

    cert = make_certification(organisation, S.MEASURES)
    tick_all(cert)  # a certification on the interim checklist, already submitted
    cert_services.submit_for_review(certification=cert, by=operator)
    response = client_for("admin").get(f"/virksomhet/{organisation.pk}/tiltak/")
    assert response.status_code == 200
    assert not Workbook.objects.exists()
    assert uses_checklist(cert) is True
    assert "Balansekunsts sjekkliste" in response.content.decode()


def test_not_started_page_without_certification_says_to_apply(client_for, organisation):
    response = client_for("admin").get(f"/virksomhet/{organisation.pk}/tiltak/")
    assert response.status_code == 200
    assert "Søk om merket først" in response.content.decode()


def test_overview_heading_says_what_is_missing_only_when_something_is(client_for, workbook):
    """Issue 13: "Dette mangler fortsatt" followed by "Alle delene er fullført" was a contradiction."""
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Dette mangler fortsatt for merket" in page
    assert "Alle delene er fullført." not in page
    fill_workbook(workbook)
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Alle delene er fullført." in page
    assert "Dette mangler fortsatt" not in page
    assert ">Delene av tiltaksarbeidet</h2>" in page


def test_a_section_sent_back_is_not_shown_as_done_until_it_is_dealt_with(
    client_for, workbook, operator, org_admin
):
    fill_workbook(workbook, by=org_admin)
    cert = cert_services.submit_for_review(certification=workbook.certification, by=operator)
    cert = cert_services.send_back(certification=cert, by=operator, comments={"rules": "Ta med turné."})
    client = client_for("admin")
    page = client.get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Dette mangler fortsatt for merket" in page
    assert "1 del ble sendt tilbake i vurderingen og må endres." in page
    assert "Alle delene er fullført." not in page
    assert "deler er ikke fullført" not in page and "del er ikke fullført" not in page
    rules_row = page.split("2. Regler")[1].split("</li>")[0]
    assert "Må endres" in rules_row and "Fullført" not in rules_row
    assert page.count("Må endres") == 1  # the other sections stay done
    section = client.get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    status = section.split('id="status-heading"')[1].split("</section>")[0]
    assert "Må endres" in status and "Fullført" not in status
    # The organisation changes the section: it is done again, the same rule as the Balansemerket page.
    section_obj = _section(workbook, SectionKey.RULES)
    data = dict(section_obj.data, discussion="Vi har lagt til turné.")
    services.save_section(section=section_obj, data=data, version=section_obj.version, by=org_admin)
    page = client.get(f"/tiltak/{workbook.pk}/").content.decode()
    assert "Må endres" not in page
    assert "Alle delene er fullført." in page
