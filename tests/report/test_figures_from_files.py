"""A year built only from imported files (every register this checkout has, each from a CSV made here) gives
the figures computed independently from the same rows."""

import random
from datetime import date

import pytest

from balanse.core.registers import all_registers, files, get_register, imports
from balanse.report import queries
from tests.members.factories import tiers_2020

pytestmark = pytest.mark.django_db

FIELDS = ["Musikk", "Scenekunst", "Film", "Billedkunst"]


def load(kind: str, header: list[str], rows: list[list]) -> None:
    register = get_register(kind)
    text = ";".join(header) + "\n" + "\n".join(";".join(str(c) for c in row) for row in rows) + "\n"
    dataset = files.read_table(text.encode("utf-8-sig"), f"{kind}.csv", register)
    preview = imports.preview(register, dataset)
    assert preview.ok and preview.new == len(rows), (kind, preview.refused)
    imports.confirm(register, dataset)


def test_figures_of_an_imported_year_equal_an_independent_count():
    rng = random.Random(17)
    tiers_2020()
    members = []
    for i in range(40):
        joined = date(rng.choice([2018, 2019, 2020]), rng.randint(1, 12), rng.randint(1, 28))
        left = date(2020, 12, 31) if rng.random() < 0.15 else ""
        members.append(
            [f"Virksomhet {i}", rng.choice(FIELDS), joined.strftime("%d.%m.%Y"), left and left.isoformat()]
        )
    load("members", ["navn", "fagfelt", "innmeldt", "utmeldt"], members)
    fees = []
    for name, *_ in members[:30]:
        tier = rng.choice([15000, 10000, 5000, 1000])
        paid = rng.choice([0, tier])
        fees.append([2020, name, tier, "", f"{paid:,}".replace(",", " ") if paid else "", ""])
    for name, *_ in members[30:34]:
        fees.append([2020, name, "", "Særavtale", "", ""])
    load("fees", ["år", "medlem", "nivå", "særavtale", "betalt", "betalt dato"], fees)
    supporters = [[f"Person {i}", f"{rng.choice([2019, 2020])}-03-01"] for i in range(12)]
    load("supporting_members", ["navn", "innmeldt"], supporters)
    lines = [[2020, f"Linje {i}", rng.choice([1, -1]) * rng.randint(1000, 900000)] for i in range(8)]
    load("finance", ["år", "linje", "beløp"], lines)

    figures = queries.annual_figures(2020)
    assert figures["members"]["left"] and figures["members"]["new"] and figures["finance"]["result"]

    def parse(text):
        return date.fromisoformat(text) if "-" in text else date(*reversed([int(p) for p in text.split(".")]))

    of_year = [m for m in members if parse(m[2]).year <= 2020 and not (m[3] and parse(m[3]).year < 2020)]
    by_field = {field: sum(1 for m in of_year if m[1] == field) for field in FIELDS}
    payers = {f[1] for f in fees if f[4]}
    tier_counts: dict[str, int] = {}
    for f in fees:
        if f[2]:
            tier_counts[str(f[2])] = tier_counts.get(str(f[2]), 0) + 1
    assert figures["members"]["total"] == len(of_year)
    assert figures["members"]["new"] == sum(1 for m in of_year if parse(m[2]).year == 2020)
    assert figures["members"]["left"] == sum(1 for m in of_year if m[3])
    assert {k: v for k, v in figures["members"]["by_field"].items() if v} == {
        k: v for k, v in by_field.items() if v
    }
    assert {k: v for k, v in figures["members"]["fee_tiers"].items() if v} == tier_counts
    assert figures["members"]["special_agreement"] == 4
    assert figures["members"]["fee_income"] == sum(int(f[4].replace(" ", "")) for f in fees if f[4])
    assert figures["members"]["paid_share_percent"] == queries.percent(len(payers), len(of_year))
    assert figures["supporting_members"] == {
        "total": 12,
        "new": sum(1 for s in supporters if s[1].startswith("2020")),
    }
    assert figures["finance"]["result"] == sum(line[2] for line in lines)
    assert figures["finance"]["income_total"] == sum(line[2] for line in lines if line[2] > 0)
    # Registers of apps not in this checkout have no rows: zeros, never an error.
    kinds = set(all_registers())
    for kind, section in [
        ("activities", "activities"),
        ("grants", "balansepotten"),
        ("advisory", "advisory"),
    ]:
        if kind not in kinds:
            assert not any(v for v in figures[section].values())
