"""The page benchmark's own pieces (issue 19): percentiles and targets (bench/targets.py), and the scale-up that
makes every list N times as long (bench/scale.py)."""

import importlib
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from balanse.certification.models import StateChange
from balanse.core.demo import DEMO_ORGANISATION
from balanse.course.models import Enrollment
from balanse.members.models import Contact, Fee
from balanse.organisations.models import Membership, Organisation
from balanse.workbook.models import Section, Workbook
from bench.scale import counts, grow
from bench.targets import Load, Page, flat, percentile, summary


def test_percentile_interpolates_between_ranks():
    values = list(range(100, 0, -1))  # 1…100, in any order
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))


def test_flat_is_within_ten_percent():
    assert flat(10, 11)
    assert not flat(10, 11.01)
    assert flat(10, 9)
    assert flat(0, 0)
    assert not flat(0, 1)


def test_load_counts_only_2xx_and_3xx_as_answers():
    load = Load(seconds=2.0, latencies_ms=[1.0] * 101, statuses={200: 90, 302: 10, 500: 1})
    assert load.answered == 100
    assert load.req_s == 50
    assert load.errors == {500: 1}


def test_targets_and_summary():
    healthz = Load(seconds=1.0, statuses={200: 600})
    good = Page(
        "admin",
        "a",
        "/a/",
        ms=[5.0, 5.4],
        queries=[10, 11],
        statuses=[200, 200],
        load=Load(seconds=1.0, latencies_ms=[10.0] * 150, statuses={200: 150}),
        healthz=healthz,
    )
    slow = Page(
        "admin",
        "b",
        "/b/",
        ms=[7.0, 9.0],
        queries=[12, 30],
        statuses=[200, 200],
        load=Load(seconds=1.0, latencies_ms=[500.0] * 90, statuses={200: 90}),
        healthz=healthz,
    )
    failing = Page(
        "admin",
        "c",
        "/c/",
        ms=[1.0, 1.0],
        queries=[1, 1],
        statuses=[200, 200],
        load=Load(seconds=1.0, latencies_ms=[1.0] * 500, statuses={200: 499, 500: 1}),
        healthz=healthz,
    )
    assert good.misses() == []
    assert slow.misses() == ["ms", "queries", "flat", "req/s", "×healthz", "p99"]
    assert failing.misses() == ["req/s", "×healthz", "p99"]  # an error under load is no speed
    line = summary([good, slow, failing])
    assert "median ≤ 8 ms: 2/3" in line
    assert "≤ 12 queries: 2/3" in line
    assert "flat (within 10 %): 2/3" in line
    assert "≥ 100 req/s: 1/3" in line
    assert "errors under load: 1" in line
    in_process = Page("public", "d", "/d/", ms=[3.0], queries=[2], statuses=[200])
    assert in_process.met()["flat"] is None and in_process.met()["req/s"] is None
    assert summary([in_process]) == "1 pages; median ≤ 8 ms: 1/1 · ≤ 12 queries: 1/1"


@pytest.mark.django_db
def test_scale_makes_every_list_n_times_as_long(tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    demo = Organisation.objects.get(name=DEMO_ORGANISATION)
    before = counts()
    people = Membership.objects.filter(organisation=demo).count()
    learners = Enrollment.objects.filter(organisation=demo).count()
    history = StateChange.objects.filter(certification__organisation=demo).count()
    section = Section.objects.get(workbook__organisation=demo, key="rules")
    rules = len(section.data["rules"])
    contacts = {c.member_id: 0 for c in Contact.objects.all()}
    for contact in Contact.objects.all():
        contacts[contact.member_id] += 1

    after = grow(2)

    assert people and learners and history and rules and contacts
    # Each page lists twice as much: the organisation's people, learners, history and workbook rows …
    assert Membership.objects.filter(organisation=demo).count() == 2 * people
    assert Enrollment.objects.filter(organisation=demo).count() == 2 * learners
    assert StateChange.objects.filter(certification__organisation=demo).count() == 2 * history
    section.refresh_from_db()
    assert len(section.data["rules"]) == 2 * rules
    for member_id, count in contacts.items():
        assert Contact.objects.filter(member_id=member_id).count() == 2 * count
    # … and every register twice as many rows, each copy with its own organisation.
    for label in (
        "organisations.Organisation",
        "certification.Certification",
        "workbook.Workbook",
        "members.Member",
        "members.Fee",
        "members.Payment",
        "members.SupportingMember",
        "activities.Activity",
        "grants.Application",
        "advisory.Inquiry",
        "report.FinanceLine",
        "report.Position",
    ):
        assert after[label] == 2 * before[label], label
    copy = Organisation.objects.get(name=f"{DEMO_ORGANISATION} (2)")
    assert Membership.objects.filter(organisation=copy).count() == 2 * people
    assert set(Membership.objects.filter(organisation=copy).values_list("user", flat=True)).isdisjoint(
        Membership.objects.filter(organisation=demo).values_list("user", flat=True)
    )
    assert len({fee.kid for fee in Fee.objects.exclude(kid="")}) == Fee.objects.exclude(kid="").count()
    for workbook in Workbook.objects.filter(organisation__name__endswith=" (2)", copied_from__isnull=False):
        assert workbook.copied_from.organisation_id == workbook.organisation_id


def test_each_page_is_compared_with_the_baseline_driven_just_before_it(monkeypatch):
    """Since the twenty-third session /healthz is driven before each page (the machine's speed drifts within
    minutes): the ratio is to that page's own baseline, the table shows it, and the role's header its range."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "bench"))
    table = importlib.import_module("pages").table
    load = Load(seconds=1.0, latencies_ms=[10.0] * 150, statuses={200: 150})  # the same speed for both pages
    early = Page("admin", "a", "/a/", ms=[3.0], queries=[2], statuses=[200], load=load)
    late = Page("admin", "b", "/b/", ms=[3.0], queries=[2], statuses=[200], load=load)
    early.healthz = Load(seconds=1.0, latencies_ms=[5.0] * 600, statuses={200: 600})
    late.healthz = Load(seconds=1.0, latencies_ms=[7.0] * 1000, statuses={200: 1000})
    assert early.healthz_share == 0.25 and early.misses() == []
    assert late.healthz_share == 0.15 and late.misses() == ["×healthz"]  # the same speed, a faster baseline
    lines = table("admin", [early, late], scale=1).splitlines()
    assert "driven before each page: 600-1000 req/s, p99 at most 7 ms" in lines[1]
    assert "healthz" in lines[2]
    assert lines[3].split()[-2:] == ["600", "0.25"]
    assert lines[4].split()[-4:] == ["1000", "0.15", "✗", "×healthz"]
