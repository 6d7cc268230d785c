"""What must be fixed is visible: "Må endres" until changed or answered, resubmission refused until then,
the operator's review drafts, and the award that asks for confirmation."""

import pytest
from django.urls import reverse

from balanse.certification import services
from balanse.certification.models import Certification, ReviewDraft
from tests.access import ROLES, assert_status
from tests.certification.conftest import tick_all

S = Certification.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_back(organisation, operator, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    services.send_back(certification=cert, by=operator, comments={"rules": "Reglene må gjelde turné."})
    cert.refresh_from_db()
    return cert


def test_sent_back_item_shows_must_change_with_the_comment_and_no_submit(client, org_admin, sent_back):
    tick_all(sent_back)  # even if everything is ticked as in place again...
    sent_back.checklist.filter(key="rules").update(
        updated=sent_back.comments.get().created
    )  # ...but not rules
    client.force_login(org_admin)
    response = client.get(reverse("certification:organisation", args=[sent_back.organisation_id]))
    page = response.content.decode()
    assert "1 tiltak må endres" in page
    assert page.count("Reglene må gjelde turné.") == 2  # at the top and at the item
    assert "Må endres" in page
    assert response.context["must_change"] == {"rules"}
    assert not response.context["can_submit"]
    assert reverse("certification:submit", args=[sent_back.pk]) not in page


def test_resubmitting_unchanged_is_refused_with_a_clear_message(client, org_admin, sent_back):
    tick_all(sent_back)
    sent_back.checklist.filter(key="rules").update(updated=sent_back.comments.get().created)
    with pytest.raises(services.TransitionError) as error:
        services.submit_for_review(certification=sent_back, by=org_admin)
    assert "Regler" in error.value.messages[0] and "endret eller besvart" in error.value.messages[0]
    client.force_login(org_admin)
    response = client.post(
        reverse("certification:submit", args=[sent_back.pk]), {"version": sent_back.version}, follow=True
    )
    assert "er ikke endret eller besvart siden: Regler" in response.content.decode()
    sent_back.refresh_from_db()
    assert sent_back.state == S.MEASURES


def test_a_changed_item_settles_the_comment(org_admin, operator, sent_back):
    tick_all(sent_back)  # the operator ticks every item again: "rules" is changed after the comment
    services.submit_for_review(certification=sent_back, by=org_admin)
    sent_back.refresh_from_db()
    assert sent_back.state == S.IN_REVIEW


def test_an_answer_settles_the_comment(client, org_admin, sent_back):
    tick_all(sent_back)
    comment = sent_back.comments.get()
    sent_back.checklist.filter(key="rules").update(updated=comment.created)
    client.force_login(org_admin)
    url = reverse("certification:answer", args=[sent_back.pk, comment.pk])
    response = client.post(url, {f"c{comment.pk}-text": "   "}, follow=True)
    assert "Skriv et svar" in response.content.decode()
    response = client.post(
        url, {f"c{comment.pk}-text": "Vi har lagt til turné i reglene, punkt 4."}, follow=True
    )
    assert "Svaret ditt er lagret" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.reply, comment.replied_by) == ("Vi har lagt til turné i reglene, punkt 4.", org_admin)
    assert response.context["can_submit"]
    services.submit_for_review(certification=sent_back, by=org_admin)
    sent_back.refresh_from_db()
    assert sent_back.state == S.IN_REVIEW
    # During the review the answer is shown beside the measure, and can no longer be changed.
    with pytest.raises(services.TransitionError):
        services.answer_comment(comment=comment, by=org_admin, text="Endret igjen")


@pytest.mark.parametrize("role", ROLES)
def test_answer_access_per_role(client_for, sent_back, role):
    comment = sent_back.comments.get()
    url = reverse("certification:answer", args=[sent_back.pk, comment.pk])
    expected = {"anonymous": "login", "admin": 302, "operator": 302}.get(role, 403)
    response = client_for(role).post(url, {f"c{comment.pk}-text": "Svar"})
    assert_status(response, expected)
    comment.refresh_from_db()
    assert bool(comment.reply) == (role in ("admin", "operator"))


def test_answer_to_another_certifications_comment_is_404(client, org_admin, sent_back, make_certification):
    from tests.factories import OrganisationFactory

    other = make_certification(OrganisationFactory(), S.IN_REVIEW)
    services.send_back(certification=other, by=None, comments={"rules": "Annet"})
    client.force_login(org_admin)
    url = reverse("certification:answer", args=[sent_back.pk, other.comments.get().pk])
    assert client.post(url, {"text": "x"}).status_code == 404


def test_review_drafts_are_kept_and_cleared_when_sent(operator_client, organisation, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    draft_url = reverse("certification:review_draft", args=[cert.pk])
    response = operator_client.post(
        draft_url, {"review-comment_rules": "Halvveis skrevet", "review-comment_routines": ""}
    )
    assert response.status_code == 200 and "Utkast lagret" in response.content.decode()
    # Leaving and coming back: the comment is still in its box.
    page = operator_client.get(reverse("certification:manage", args=[cert.pk]))
    assert page.context["review_form"]["comment_rules"].value() == "Halvveis skrevet"
    assert "Halvveis skrevet" in page.content.decode()
    # The no-JavaScript way: the "Keep as a draft" button.
    act = reverse("certification:act", args=[cert.pk, "review"])
    response = operator_client.post(
        act, {"review-version": cert.version, "review-comment_rules": "Ferdig skrevet", "decision": "draft"}
    )
    assert response.status_code == 302
    assert ReviewDraft.objects.get(certification=cert).text == "Ferdig skrevet"
    cert.refresh_from_db()
    assert cert.state == S.IN_REVIEW
    operator_client.post(
        act,
        {"review-version": cert.version, "review-comment_rules": "Ferdig skrevet", "decision": "send_back"},
    )
    cert.refresh_from_db()
    assert cert.state == S.MEASURES
    assert not ReviewDraft.objects.filter(certification=cert).exists()
    # Not in review: no drafts.
    assert operator_client.post(draft_url, {"review-comment_rules": "x"}).status_code == 409
    assert operator_client.get(draft_url).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_review_draft_and_award_access_per_role(client_for, organisation, make_certification, role):
    cert = make_certification(organisation, S.IN_REVIEW)
    client = client_for(role)
    expected = {"anonymous": "login", "operator": 200}.get(role, 403)
    assert_status(client.post(reverse("certification:review_draft", args=[cert.pk]), {}), expected)
    assert_status(client.get(reverse("certification:award", args=[cert.pk])), expected)
    cert.refresh_from_db()
    assert cert.state == S.IN_REVIEW


def test_award_asks_for_confirmation_showing_what_is_published(
    operator_client, organisation, make_certification
):
    from datetime import date

    cert = make_certification(organisation, S.IN_REVIEW)
    url = reverse("certification:award", args=[cert.pk])
    page = operator_client.get(url)
    html = page.content.decode()
    year = date.today().year
    assert organisation.name in html and f"BM-{year}-001" in html and "Hva som blir publisert" in html
    assert f"/merket/BM-{year}-001/" in html
    # A stale form changes nothing.
    response = operator_client.post(url, {"version": "gammel"})
    assert response.status_code == 400
    cert.refresh_from_db()
    assert cert.state == S.IN_REVIEW
    response = operator_client.post(url, {"version": cert.version, "valid_from": "2026-06-10"})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert (cert.state, cert.valid_from, cert.valid_until) == (
        S.CERTIFIED,
        date(2026, 6, 10),
        date(2027, 6, 9),
    )
    # Once awarded, the page does not award again.
    response = operator_client.get(url)
    assert response.status_code == 302


def test_a_source_without_change_dates_is_judged_by_the_organisations_recorded_changes(
    organisation, org_admin, operator, make_certification
):
    """Like the workbook: its measures carry no `changed_at`, but saving a section is audited with the
    section's key, by a person of the organisation."""
    from django.dispatch import receiver

    from balanse.certification.signals import Requirement, requirements_requested
    from balanse.core import audit

    @receiver(requirements_requested)
    def workbook_like(sender, *, certification, **kwargs):
        return [Requirement(key="rules", label="Regler", complete=True)]

    try:
        cert = make_certification(organisation, S.IN_REVIEW)
        services.send_back(certification=cert, by=operator, comments={"rules": "Mer om turné."})
        with pytest.raises(services.TransitionError):
            services.submit_for_review(certification=cert, by=org_admin)
        # Someone else's change, or a change to another measure, does not count.
        audit.record(actor=operator, action="workbook.section_saved", obj=organisation, section="rules")
        audit.record(actor=org_admin, action="workbook.section_saved", obj=organisation, section="routines")
        with pytest.raises(services.TransitionError):
            services.submit_for_review(certification=cert, by=org_admin)
        audit.record(actor=org_admin, action="workbook.section_saved", obj=organisation, section="rules")
        services.submit_for_review(certification=cert, by=org_admin)
        cert.refresh_from_db()
        assert cert.state == S.IN_REVIEW
    finally:
        requirements_requested.disconnect(workbook_like)


def test_the_comments_can_ask_the_log_through_its_index_on_the_key(sent_back):
    """The question asked once per review comment (did the organisation change this measure since the
    comment?) can be answered from the log's indexes on (details' section or measure, at): PostgreSQL uses
    them for the comments' query when reading the log would cost more (here: made to), SQLite for the same
    question asked of the log alone (for the comments' query it reads the organisation's people's entries)."""
    from django.db import connection

    from balanse.certification import queries
    from balanse.core.models import AuditEntry, DetailText

    query = queries._comments_with_state(sent_back.pk, sent_back.cycle, sent_back.organisation_id)
    assert [comment.changed_by_organisation for comment in query] == [False]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's log is too small to choose an index
        plan = query.explain()
        assert "audit_section_at" in plan and "audit_measure_at" in plan, plan
    since = sent_back.comments.get().created
    for key in ("section", "measure"):
        plan = (
            AuditEntry.objects.annotate(value=DetailText(key)).filter(value="rules", at__gt=since).explain()
        )
        assert f"audit_{key}_at" in plan, plan
