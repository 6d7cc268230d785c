"""The 2020 activity figures from the demo data next to the figures in Balansekunst's annual report 2020
(seed 000), each difference with its reason (BACK-OFFICE.md: where the lists and a stated total disagree, the
data win)."""

import csv

import pytest
from django.core.management import call_command

from balanse.activities import demo, queries
from balanse.activities.models import Activity, CourseLink, SupplementaryEntry

pytestmark = pytest.mark.django_db

SEED_ROWS = 46  # 35 in "Kurs, foredrag og workshops", 11 in "Seminarer, debatter og åpne møter"

# (figure, published, computed, why they differ; "" when they agree)
PUBLISHED_2020 = [
    ("total", 53, 53, ""),
    ("audience_incl_streaming", 8500, 8500, ""),
    ("audience_excl_streaming", 1750, 1750, ""),
    ("by_type.workshop", 15, 15, ""),
    ("by_type.foredrag", 9, 9, ""),
    ("by_type.kurs", 12, 12, ""),
    ("by_type.debatt", 1, 1, ""),
    ("by_type.åpent møte", 2, 2, ""),
    ("by_type.lansering", 1, 1, ""),
    ("by_type.Balanseprat", 5, 5, ""),
    (
        "by_type.lukket møte",
        8,
        0,
        "the report counts 8 closed meetings but its tables list none, and its type list has no place for the "
        "7 seminars and the annual meeting its own seminar table lists (8 rows); the tables win",
    ),
    ("by_type.seminar", 0, 7, "the seminar table's seminars; the report's type list has no seminars"),
    ("by_type.årsmøte", 0, 1, "the annual meeting is in the seminar table; the report's type list omits it"),
]


def lookup(figures: dict, dotted: str):
    head, _, rest = dotted.partition(".")
    value = figures[head]
    return value.get(rest, 0) if rest else value


@pytest.fixture
def demo_2020():
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)


def test_2020_figures_equal_the_published_ones_or_the_documented_difference(demo_2020):
    figures = queries.annual_figures(2020)["activities"]
    assert [(name, lookup(figures, name)) for name, *_ in PUBLISHED_2020] == [
        (name, computed) for name, _published, computed, _reason in PUBLISHED_2020
    ]
    for name, published, computed, reason in PUBLISHED_2020:
        assert (published == computed) == (reason == ""), name
    assert sum(figures["by_type"].values()) == figures["total"]
    # The towns the report names ("Tjøme, Bergen, Kristiansand, Bodø, Trondheim, Stavanger, Førde og Oslo"):
    # Stavanger's course was digital, and Asker is in the table but not in the sentence.
    assert figures["places"] == [
        "Asker",
        "Bergen",
        "Bodø",
        "Førde",
        "Kristiansand",
        "Oslo",
        "Tjøme",
        "Trondheim",
    ]
    assert figures["supplementary"] == {"count": 7, "participants": 390, "streaming_audience": 0}


def test_every_row_of_the_two_tables_is_loaded_once(demo_2020):
    rows = demo.rows_2020()
    assert len(rows) == SEED_ROWS
    assert Activity.objects.of_year(2020).count() == SEED_ROWS
    assert SupplementaryEntry.objects.filter(year=2020).count() == 2
    debate = Activity.objects.get(title="Kulturpolitisk debatt om statsbudsjettet")
    assert (debate.streaming_audience, debate.digital, debate.streamed, debate.type.name) == (
        4800,
        True,
        True,
        "debatt",
    )
    # The certification demo's courses held in 2020 are rows of the table: linked to them, not counted again.
    assert CourseLink.objects.filter(activity__date__year=2020).count() >= 10
    assert not Activity.objects.filter(date__year=2020, created_from_link=True).exists()


def test_loading_the_demo_again_changes_nothing(demo_2020):
    before = queries.annual_figures(2020)
    demo.load_demo()
    assert queries.annual_figures(2020) == before


@pytest.mark.parametrize(
    ("title", "table", "expected"),
    [
        ("Balansekunsts årsmøte", "seminars", "årsmøte"),
        ("Lansering av Argumentasjonsguiden og debattkurs", "seminars", "lansering"),
        ("Kulturpolitisk debatt om statsbudsjettet", "seminars", "debatt"),
        ("Equality & Diversity: Åpent nettverksmøte", "seminars", "åpent møte"),
        ("Normkritiske perspektiver", "courses", "workshop"),
        ("Challenge the norm of whiteness", "courses", "workshop"),
        ("Balansemerket – forebygging av seksuell trakassering", "courses", "kurs"),
        ("Produsentkurs for jenter", "courses", "kurs"),
        ("Utopian manifesto", "courses", "foredrag"),
        ("En ny bransjekultur", "seminars", "seminar"),
    ],
)
def test_rows_are_classified_by_type_from_the_title(title, table, expected):
    assert demo.classify(title, table=table) == expected


def test_the_data_file_holds_the_seed_tables_totals():
    with (demo.CONTENT / "activities-2020.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == SEED_ROWS
    participants = sum(int(r["participants"] or 0) for r in rows)
    streaming = sum(int(r["streaming_audience"] or 0) for r in rows)
    # The tables' "Deltakere" column adds up to 8 110 (the debate's 4 800 included).
    assert participants + streaming == 8110
    assert (participants, streaming) == (1360, 6750)
