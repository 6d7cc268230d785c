"""The operator sees the work: the review queue first, pipeline numbers that open their list, who holds a
stuck certification, and a change log in words with filters and paging."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from balanse.certification import services
from balanse.certification.models import Certification
from balanse.core.models import AuditEntry
from tests.factories import OrganisationFactory

S = Certification.State
pytestmark = pytest.mark.django_db


def test_review_queue_comes_first_oldest_first_with_waiting_time(operator_client, make_certification):
    newer = make_certification(OrganisationFactory(name="Nyere teater"), S.IN_REVIEW)
    older = make_certification(OrganisationFactory(name="Eldre teater"), S.IN_REVIEW)
    Certification.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=12))
    Certification.objects.filter(pk=newer.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    response = operator_client.get(reverse("certification:dashboard"))
    rows = response.context["queue"]
    assert [(r["name"], r["days"]) for r in rows] == [
        ("Eldre teater", 12),
        ("Nyere teater", 2),
    ]
    html = response.content.decode()
    assert html.index("Venter på vurdering") < html.index("pipeline-heading")
    assert "12 dager" in html


def test_pipeline_numbers_open_the_filtered_list(operator_client, make_certification):
    make_certification(OrganisationFactory(name="Tiltak AS"), S.MEASURES)
    make_certification(OrganisationFactory(name="Kurs AS"), S.COURSE)
    expired = make_certification(OrganisationFactory(name="Utløpt AS"), S.EXPIRED)
    page = operator_client.get(reverse("certification:dashboard")).content.decode()
    url = reverse("certification:list")
    assert f'href="{url}?status=measures"' in page
    response = operator_client.get(url + "?status=measures")
    assert [row["name"] for row in response.context["rows"]] == ["Tiltak AS"]
    assert "Virksomheter i «Tiltak»" in response.content.decode()
    response = operator_client.get(url + "?status=expired")
    assert [row["pk"] for row in response.context["rows"]] == [expired.pk]
    # An unknown status shows every ongoing certification.
    response = operator_client.get(url + "?status=tull")
    assert [row["name"] for row in response.context["rows"]] == ["Kurs AS", "Tiltak AS"]
    # An address saved from the dashboard, when it held the list, leads to the list.
    response = operator_client.get(reverse("certification:dashboard") + "?status=measures&side=1")
    assert response.status_code == 302
    assert response.url == url + "?status=measures&side=1"


def test_stuck_list_says_who_holds_it_and_since_when(operator_client, make_certification):
    waiting_for_org = make_certification(OrganisationFactory(name="Treg AS"), S.MEASURES)
    waiting_for_us = make_certification(OrganisationFactory(name="Glemt AS"), S.APPLIED)
    long_ago = timezone.now() - timedelta(days=120)
    Certification.objects.filter(pk__in=[waiting_for_org.pk, waiting_for_us.pk]).update(
        state_changed_at=long_ago
    )
    response = operator_client.get(reverse("certification:dashboard"))
    holders = {r["name"]: (r["holder"], r["days"]) for r in response.context["stuck"]}
    assert holders == {"Treg AS": ("organisation", 120), "Glemt AS": ("balansekunst", 120)}
    html = response.content.decode()
    assert "Hvem har saken" in html and "(120 dager)" in html


def test_change_log_reads_in_words_with_filters(operator_client, operator, make_certification):
    cert = make_certification(OrganisationFactory(name="Black Box teater"), S.IN_REVIEW)
    services.award_mark(certification=cert, decided_by=operator)
    make_certification(OrganisationFactory(name="Annet sted"), S.APPLIED)
    url = reverse("core:audit_log")
    html = operator_client.get(url).content.decode()
    assert "Merket tildelt Black Box teater" in html
    assert "<code>certification.award_mark</code>" not in html
    # What.
    response = operator_client.get(url, {"what": "certification.award_mark"})
    assert [e.action for e in response.context["page"].object_list] == ["certification.award_mark"]
    # Which organisation.
    response = operator_client.get(url, {"organisation": "black box"})
    entries = response.context["page"].object_list
    assert entries and all("Black Box teater" in e.object_repr for e in entries)
    # Who.
    response = operator_client.get(url, {"who": operator.email})
    assert {e.actor for e in response.context["page"].object_list} == {operator}
    # Period.
    AuditEntry.objects.filter(action="certification.applied").update(at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    response = operator_client.get(url, {"start": (today - timedelta(days=1)).isoformat()})
    assert "certification.applied" not in {e.action for e in response.context["page"].object_list}
    response = operator_client.get(url, {"start": today.isoformat(), "end": date(2000, 1, 1).isoformat()})
    assert "Perioden slutter før den begynner." in response.content.decode()


def test_change_log_pages_keep_the_filters(operator_client, operator, organisation):
    from balanse.core import audit

    for _ in range(55):
        audit.record(actor=operator, action="organisation.updated", obj=organisation)
    response = operator_client.get(reverse("core:audit_log"), {"what": "organisation.updated"})
    assert response.context["total"] == 55
    assert "what=organisation.updated&amp;side=2" in response.content.decode()
    second = operator_client.get(reverse("core:audit_log"), {"what": "organisation.updated", "side": 2})
    assert len(second.context["page"].object_list) == 5


def test_overview_shows_the_latest_changes_in_words(operator_client, operator, make_certification):
    cert = make_certification(OrganisationFactory(name="Black Box teater"), S.IN_REVIEW)
    services.send_back(certification=cert, by=operator, comments={"rules": "Mer."})
    html = operator_client.get(reverse("core:dashboard")).content.decode()
    assert "Tiltakene sendt tilbake til Black Box teater med kommentarer" in html
