from datetime import date

import pytest
from django.urls import reverse

from balanse.certification.models import Certification, ChecklistKey, StateChange
from tests.certification.conftest import tick_all

S = Certification.State
pytestmark = pytest.mark.django_db


APPLICATION = {
    "contact_name": "Kari Kontakt",
    "contact_email": "kari@teater.example",
    "contact_phone": "+47 900 00 000",
    "size": "10-49",
    "hopes": "Trygge turneer.",
    "preferred_course_time": "En formiddag i mars",
}


def _login_url_prefix():
    return reverse("account_login")


# Access for every view and role.


def test_organisation_page_access(anon, organisation, org_admin, org_member, other_admin, operator_client):
    url = reverse("certification:organisation", args=[organisation.pk])
    response = anon.get(url)
    assert response.status_code == 302 and response.url.startswith(_login_url_prefix())
    anon.force_login(other_admin)
    assert anon.get(url).status_code == 403
    anon.force_login(org_member)
    assert anon.get(url).status_code == 403
    anon.force_login(org_admin)
    assert anon.get(url).status_code == 200
    assert operator_client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["certification:dashboard"])
def test_operator_pages_access(name, anon, org_admin, operator_client):
    url = reverse(name)
    assert anon.get(url).status_code == 302
    anon.force_login(org_admin)
    assert anon.get(url).status_code == 403
    assert operator_client.get(url).status_code == 200


def test_manage_page_access(anon, organisation, org_admin, other_admin, operator_client, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    url = reverse("certification:manage", args=[cert.pk])
    assert anon.get(url).status_code == 302
    anon.force_login(org_admin)
    assert anon.get(url).status_code == 403
    anon.force_login(other_admin)
    assert anon.get(url).status_code == 403
    assert operator_client.get(url).status_code == 200


def test_act_is_operator_only(client, organisation, org_admin, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    url = reverse("certification:act", args=[cert.pk, "withdraw"])
    data = {"withdraw-version": cert.version, "withdraw-reason": "x"}
    assert client.post(url, data).status_code == 302
    client.force_login(org_admin)
    assert client.post(url, data).status_code == 403
    cert.refresh_from_db()
    assert cert.state == S.APPLIED


def test_apply_access(client, organisation, org_member, other_admin):
    url = reverse("certification:apply", args=[organisation.pk])
    client.force_login(other_admin)
    assert client.post(url, APPLICATION).status_code == 403
    client.force_login(org_member)
    assert client.post(url, APPLICATION).status_code == 403
    assert not Certification.objects.exists()


def test_submit_access(client, organisation, other_admin, org_member, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    tick_all(cert)
    url = reverse("certification:submit", args=[cert.pk])
    for user in (other_admin, org_member):
        client.force_login(user)
        assert client.post(url, {"version": cert.version}).status_code == 403
    cert.refresh_from_db()
    assert cert.state == S.MEASURES


def test_learner_opens_no_certification_page(client, organisation, org_learner, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    client.force_login(org_learner)
    for url in [
        reverse("certification:organisation", args=[organisation.pk]),
        reverse("certification:dashboard"),
        reverse("certification:manage", args=[cert.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("certification:apply", args=[organisation.pk])).status_code == 403
    assert (
        client.post(reverse("certification:submit", args=[cert.pk]), {"version": cert.version}).status_code
        == 403
    )
    cert.refresh_from_db()
    assert cert.state == S.MEASURES


def test_public_pages_open_to_anyone(client, organisation, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    assert client.get(reverse("certification:registry")).status_code == 200
    response = client.get(reverse("certification:verify", args=[cert.certificate_number]))
    assert response.status_code == 200
    assert client.get(reverse("certification:verify", args=["BM-1999-999"])).status_code == 404


# Flows and bad input.


def test_admin_applies_and_sees_next_step(client, organisation, org_admin):
    client.force_login(org_admin)
    response = client.post(reverse("certification:apply", args=[organisation.pk]), APPLICATION, follow=True)
    assert "Takk! Søknaden deres om Balansemerket er mottatt." in response.content.decode()
    cert = Certification.objects.get(organisation=organisation)
    assert (cert.state, StateChange.objects.get().by) == (S.APPLIED, org_admin)
    # A double submit changes nothing and says why.
    response = client.post(reverse("certification:apply", args=[organisation.pk]), APPLICATION, follow=True)
    assert Certification.objects.count() == 1
    assert "har allerede en pågående sertifisering" in response.content.decode()


def test_admin_submit_offered_only_when_complete(client, organisation, org_admin, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    client.force_login(org_admin)
    url = reverse("certification:organisation", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Send tiltakene til vurdering" not in page
    assert "7 tiltak mangler fortsatt." in page
    tick_all(cert)
    page = client.get(url).content.decode()
    assert "Send tiltakene til vurdering" in page
    cert.refresh_from_db()
    response = client.post(
        reverse("certification:submit", args=[cert.pk]), {"version": cert.version}, follow=True
    )
    cert.refresh_from_db()
    assert cert.state == S.IN_REVIEW
    assert "låst" in response.content.decode()


def test_admin_submit_with_stale_form_changes_nothing(client, organisation, org_admin, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    tick_all(cert)
    stale = cert.version
    Certification.objects.get(pk=cert.pk).save()
    client.force_login(org_admin)
    response = client.post(reverse("certification:submit", args=[cert.pk]), {"version": stale}, follow=True)
    cert.refresh_from_db()
    assert cert.state == S.MEASURES
    assert "Noen endret denne sertifiseringen" in response.content.decode()


def test_operator_books_course_and_bad_input_keeps_typed_values(
    operator_client, organisation, make_certification
):
    cert = make_certification(organisation, S.APPLIED)
    url = reverse("certification:act", args=[cert.pk, "book"])
    response = operator_client.post(
        url,
        {"course-version": cert.version, "course-date": "2026-04-01", "course-facilitator": "Kari Nordmann"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Oppgi et sted eller en videolenke for kurset." in page
    assert 'value="Kari Nordmann"' in page
    cert.refresh_from_db()
    assert cert.state == S.APPLIED
    response = operator_client.post(
        url,
        {
            "course-version": cert.version,
            "course-date": "2026-04-01",
            "course-facilitator": "Kari Nordmann",
            "course-video_link": "https://meet.example.org/kurs",
            "course-participants": "12",
        },
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    booking = cert.courses.get()
    assert (cert.state, booking.date, booking.participants) == (S.COURSE, date(2026, 4, 1), 12)


def test_operator_wrong_state_action_gives_message(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "renew"]), {"renew-version": cert.version}
    )
    assert response.status_code == 400
    assert "kan ikke flyttes til" in response.content.decode()
    cert.refresh_from_db()
    assert cert.state == S.APPLIED


def test_operator_checklist_review_send_back_and_award(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    data = {"checklist-version": cert.version}
    for key in ChecklistKey.values:
        data[f"checklist-complete_{key}"] = "on"
    data["checklist-note_rules"] = ""
    response = operator_client.post(reverse("certification:act", args=[cert.pk, "checklist"]), data)
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.checklist.filter(complete=True).count() == 7
    cert.state = S.IN_REVIEW  # as if the admin submitted
    from balanse.certification import services

    Certification.objects.filter(pk=cert.pk).update(state=S.MEASURES)
    cert.refresh_from_db()
    services.submit_for_review(certification=cert, by=None)
    cert.refresh_from_db()
    review = reverse("certification:act", args=[cert.pk, "review"])
    response = operator_client.post(
        review,
        {"review-version": cert.version, "review-comment_rules": "Mention alcohol.", "decision": "send_back"},
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.state == S.MEASURES
    assert cert.comments.get().text == "Mention alcohol."
    assert list(cert.checklist.filter(complete=False).values_list("key", flat=True)) == ["rules"]
    tick_all(cert)
    services.submit_for_review(certification=cert, by=None)
    cert.refresh_from_db()
    # "Award the mark" asks for confirmation first, showing what will be published.
    response = operator_client.post(review, {"review-version": cert.version, "decision": "award"})
    award = reverse("certification:award", args=[cert.pk])
    assert response["Location"] == award
    cert.refresh_from_db()
    assert cert.state == S.IN_REVIEW
    confirm = operator_client.get(award)
    assert organisation.name in confirm.content.decode()
    response = operator_client.post(award, {"version": cert.version}, follow=True)
    cert.refresh_from_db()
    assert cert.state == S.CERTIFIED
    assert cert.certificate_number in response.content.decode()


def test_checklist_locked_in_review(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "checklist"]), {"checklist-version": cert.version}
    )
    assert response.status_code == 400
    assert cert.checklist.filter(complete=True).count() == 7


def test_unknown_step_is_404(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    assert operator_client.post(reverse("certification:act", args=[cert.pk, "nonsense"])).status_code == 404


def test_set_target(operator_client):
    from balanse.certification.models import YearTarget

    response = operator_client.post(reverse("certification:set_target"), {"year": "2020", "target": "20"})
    assert response.status_code == 302
    assert YearTarget.objects.get(year=2020).target == 20
    response = operator_client.post(reverse("certification:set_target"), {"year": "x", "target": "-1"})
    assert YearTarget.objects.count() == 1


def test_panels_show_on_operator_overview_and_organisation_page(
    operator_client, anon, organisation, org_admin, make_certification
):
    make_certification(organisation, S.CERTIFIED)
    page = operator_client.get(reverse("core:dashboard")).content.decode()
    assert reverse("certification:dashboard") in page
    anon.force_login(org_admin)
    page = anon.get(reverse("organisations:detail", args=[organisation.pk])).content.decode()
    assert reverse("certification:organisation", args=[organisation.pk]) in page


def test_registry_in_public_menu(client):
    page = client.get("/").content.decode()
    assert f'href="{reverse("certification:registry")}"' in page


def test_verify_page_statuses(client, organisation, operator, make_certification):
    from balanse.certification import services

    cert = make_certification(organisation, S.CERTIFIED)
    url = reverse("certification:verify", args=[cert.certificate_number])
    assert "Gyldig." in client.get(url).content.decode()
    services.withdraw(certification=cert, by=operator, reason="Breach")
    page = client.get(url).content.decode()
    assert "Trukket tilbake." in page
    assert "Breach" not in page


def test_operator_logs_guidance_meeting(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    url = reverse("certification:act", args=[cert.pk, "meeting"])
    response = operator_client.post(url, {"meeting-date": "2026-05-04", "meeting-notes": ""})
    assert response.status_code == 400
    assert cert.meetings.count() == 0
    response = operator_client.post(
        url,
        {
            "meeting-date": "2026-05-04",
            "meeting-notes": "Went through the rules.",
            "meeting-next_step": "Routines",
        },
    )
    assert response.status_code == 302
    meeting = cert.meetings.get()
    assert (meeting.date, meeting.notes, meeting.next_step, meeting.cycle) == (
        date(2026, 5, 4),
        "Went through the rules.",
        "Routines",
        1,
    )


def test_operator_follow_up_renew_withdraw_and_restart(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    number = cert.certificate_number
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "follow_up"]),
        {"follow_up-version": cert.version, "follow_up-date": "2026-10-01", "follow_up-notes": "New plan"},
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.state, cert.cycle) == (S.FOLLOW_UP, 2)
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "renew"]), {"renew-version": cert.version}
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.state, cert.certificate_number, cert.periods.count()) == (S.CERTIFIED, number, 2)
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "withdraw"]),
        {"withdraw-version": cert.version, "withdraw-reason": ""},
    )
    assert response.status_code == 400
    cert.refresh_from_db()
    assert cert.state == S.CERTIFIED
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "withdraw"]),
        {"withdraw-version": cert.version, "withdraw-reason": "Serious breach of the agreement"},
    )
    cert.refresh_from_db()
    assert cert.state == S.WITHDRAWN
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "restart"]), {"confirm-version": cert.version}
    )
    new = Certification.objects.current_for(organisation)
    assert response.status_code == 302 and response.url == reverse("certification:manage", args=[new.pk])
    assert (new.state, new.certificate_number) == (S.APPLIED, "")


def test_stale_operator_form_keeps_input_and_gets_fresh_version(
    operator_client, organisation, make_certification
):
    cert = make_certification(organisation, S.CERTIFIED)
    stale = cert.version
    Certification.objects.get(pk=cert.pk).save()
    response = operator_client.post(
        reverse("certification:act", args=[cert.pk, "withdraw"]),
        {"withdraw-version": stale, "withdraw-reason": "My carefully written reason"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noen endret denne sertifiseringen" in page
    assert "My carefully written reason" in page
    cert.refresh_from_db()
    assert cert.state == S.CERTIFIED
    assert f'value="{cert.version}"' in page


def test_plugged_in_requirements_and_course_status(client, organisation, org_admin, make_certification):
    from balanse.certification.signals import Requirement, course_status_requested, requirements_requested
    from tests.signals import sole_receiver

    def requirements(sender, certification, **kwargs):
        return [
            Requirement(
                key="plan", label="Workbook plan", complete=False, url="/arbeidsbok/", missing=["Rules"]
            )
        ]

    def course_status(sender, organisation, **kwargs):
        return {"invited": 30, "started": 21, "completed": 17}

    cert = make_certification(organisation, S.MEASURES)
    tick_all(cert)  # the checklist is ignored when a plug-in answers
    client.force_login(org_admin)
    with (
        sole_receiver(requirements_requested, requirements),
        sole_receiver(course_status_requested, course_status),
    ):
        page = client.get(reverse("certification:organisation", args=[organisation.pk])).content.decode()
    assert 'href="/arbeidsbok/">Workbook plan</a>' in page
    assert "Send tiltakene til vurdering" not in page
    assert "<dt>Fullført</dt><dd>17</dd>" in page


def test_organisation_page_in_english(client, organisation, org_admin, make_certification):
    make_certification(organisation, S.MEASURES)
    client.force_login(org_admin)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("certification:organisation", args=[organisation.pk])).content.decode()
    assert "Where you are" in page
    assert "7 measures are still missing." in page


def test_admin_applies_again_after_expiry(client, organisation, org_admin, make_certification):
    old = make_certification(organisation, S.EXPIRED)
    client.force_login(org_admin)
    url = reverse("certification:organisation", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Merket har utløpt. Dere kan søke på nytt." in page
    assert "Søk på nytt" in page
    assert 'aria-current="step"' not in page
    client.post(reverse("certification:apply", args=[organisation.pk]), APPLICATION)
    new = Certification.objects.current_for(organisation)
    assert new.pk != old.pk and new.state == S.APPLIED
    first = new.history.get()
    assert (first.from_state, first.to_state, first.by) == (S.EXPIRED, S.APPLIED, org_admin)
    old.refresh_from_db()
    assert old.state == S.EXPIRED
