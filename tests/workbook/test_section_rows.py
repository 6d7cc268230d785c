"""Repeating rows in the workbook (rules, contact persons) are formsets bounded on the server: no count that
comes from a request can make the server build a huge form (issue 9, finding 2)."""

import tracemalloc

import pytest

from balanse.certification import services as cert_services
from balanse.workbook import services
from balanse.workbook.models import Section, SectionKey
from tests.workbook.conftest import fill_workbook

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
BAD_COUNTS = [HUGE, "abc", "-3", "٣", ""]
# Far below what a runaway loop would take (6.7 GB was measured), far above what one page needs.
MEMORY_LIMIT = 40 * 1024 * 1024


def _section(workbook, key):
    return Section.objects.get(workbook=workbook, key=key)


def _post_measuring_memory(client, url, data):
    tracemalloc.start()
    try:
        response = client.post(url, data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.mark.parametrize("count", BAD_COUNTS)
def test_rules_row_count_from_the_request_is_bounded(client_for, workbook, count):
    response, peak = _post_measuring_memory(
        client_for("admin"),
        f"/tiltak/{workbook.pk}/regler/",
        {
            "version": 0,
            "discussion": "Notater fra møtet",
            "rule_count": count,  # the old field: never read
            "rule-TOTAL_FORMS": count,
            "rule-INITIAL_FORMS": count,
            "rule-0-text": "Vi bruker navn.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingenting ble lagret." in page
    assert "Skjemaet kom ikke fram slik det ble sendt" in page or "Dere kan ha høyst 100 regler" in page
    assert "Notater fra møtet" in page and "Vi bruker navn." in page
    assert len(response.context["form"].formsets["rules"].forms) <= 100
    assert peak < MEMORY_LIMIT
    assert _section(workbook, SectionKey.RULES).version == 0


@pytest.mark.parametrize("count", BAD_COUNTS)
def test_contacts_row_count_from_the_request_is_bounded(client_for, workbook, count):
    response, peak = _post_measuring_memory(
        client_for("admin"),
        f"/tiltak/{workbook.pk}/rutiner/",
        {
            "version": 0,
            "contact_count": count,  # the old field: never read
            "contact-TOTAL_FORMS": count,
            "contact-INITIAL_FORMS": count,
            "contact-0-name": "Vera Verneombud",
            "handling": "Trinn 1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingenting ble lagret." in page
    assert "Vera Verneombud" in page and "Trinn 1" in page
    assert len(response.context["form"].formsets["contacts"].forms) <= 30
    assert peak < MEMORY_LIMIT
    assert _section(workbook, SectionKey.ROUTINES).version == 0


def test_locked_workbook_is_refused_before_the_rows_are_read(client_for, workbook, operator):
    fill_workbook(workbook)
    cert_services.submit_for_review(certification=workbook.certification, by=operator)
    for slug, field in (("regler", "rule"), ("rutiner", "contact")):
        response = client_for("admin").post(
            f"/tiltak/{workbook.pk}/{slug}/",
            {"version": 1, f"{field}_count": "abc", f"{field}-TOTAL_FORMS": HUGE, "discussion": "Kladd"},
        )
        assert response.status_code == 409
        assert (
            "Tiltaksarbeidet er låst mens Balansekunst vurderer tiltakene deres." in response.content.decode()
        )
    assert _section(workbook, SectionKey.RULES).version == 1


def _rules_post(rows: list[dict], *, version: int, initial: int, discussion: str = "") -> dict:
    data = {
        "version": version,
        "discussion": discussion,
        "rule-TOTAL_FORMS": str(len(rows)),
        "rule-INITIAL_FORMS": str(initial),
    }
    for i, row in enumerate(rows):
        data[f"rule-{i}-text"] = row.get("text", "")
        if row.get("factors"):
            data[f"rule-{i}-factors"] = row["factors"]
        if row.get("delete"):
            data[f"rule-{i}-DELETE"] = "on"
    return data


def test_rules_are_added_changed_and_removed_through_the_formset(client_for, workbook):
    client = client_for("admin")
    url = f"/tiltak/{workbook.pk}/regler/"
    page = client.get(url).content.decode()
    assert 'name="rule-TOTAL_FORMS" value="1"' in page  # one empty row for a new rule
    response = client.post(
        url, _rules_post([{"text": "Vi bruker navn.", "factors": ["alcohol"]}], version=0, initial=0)
    )
    assert response.status_code == 302
    assert _section(workbook, SectionKey.RULES).data["rules"] == [
        {"text": "Vi bruker navn.", "factors": ["alcohol"]}
    ]
    page = client.get(url).content.decode()
    assert 'name="rule-TOTAL_FORMS" value="2"' in page
    assert 'name="rule-0-DELETE"' in page
    response = client.post(
        url,
        _rules_post(
            [{"text": "Vi bruker navn.", "delete": True}, {"text": "Ingen sexvitser."}], version=1, initial=1
        ),
    )
    assert response.status_code == 302
    assert _section(workbook, SectionKey.RULES).data["rules"] == [{"text": "Ingen sexvitser.", "factors": []}]


def test_rule_with_an_unknown_risk_factor_is_refused(client_for, workbook):
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/regler/",
        _rules_post([{"text": "Vi bruker navn.", "factors": ["finnes-ikke"]}], version=0, initial=0),
    )
    assert response.status_code == 400
    assert _section(workbook, SectionKey.RULES).version == 0


def test_adding_a_rule_beyond_the_limit_is_refused(client_for, workbook):
    section = _section(workbook, SectionKey.RULES)
    rules = [{"text": f"Regel {i}", "factors": []} for i in range(100)]
    services.save_section(section=section, data={"discussion": "", "rules": rules}, version=0, by=None)
    response = client_for("admin").post(f"/tiltak/{workbook.pk}/regler/ny/", {"text": "Regel 101"})
    assert response.status_code == 400
    assert "Dere kan ha høyst 100 regler" in response.content.decode()
    assert len(_section(workbook, SectionKey.RULES).data["rules"]) == 100
