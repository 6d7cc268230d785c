"""Demo data: Balansekunst's activities in 2020 from the annual report (seed 000).

- every row of the report's two tables, "Kurs, foredrag og workshops" (35) and "Seminarer, debatter og åpne
  møter" (11), from content/activities/activities-2020.csv, typed by `classify` from the title; the budget
  debate's 4 800 ("digitalt live") is its streaming audience;
- the report's totals are 53 activities, 8 500 people including streaming and 1 750 without. The tables hold
  46 rows, 1 360 participants and 6 750 watching streams once the Festspillene seminar's 2 131 is split into
  181 who took part and 1 950 who watched the stream (no split of whole rows reaches the report's totals);
  the 7 activities and 390 participants the tables do not list are two supplementary entries: the 5
  Balanseprat seminars (which the report counts but never lists) and 2 courses (the report counts 12
  courses: the 5 organisations that gained the mark and the 7 that took the course; the tables list 10);
- both tables list "Booking i balanse" in Trondheim on 25 October with 13 participants (Feminalen is Femme
  Brutal's festival, so it is likely one event listed twice); the report's 53 counts both, and the register
  matches rows on date + title, so the seminar table's row is titled "Booking i balanse – seminar";
- two upcoming public activities with registration, so that the calendar has something to show.

Loading again changes nothing.
"""

import csv
import re
from datetime import time, timedelta
from pathlib import Path

import tablib
from django.conf import settings
from django.utils import timezone

from balanse.activities.models import DEFAULT_TYPES, Activity, ActivityType, SupplementaryEntry
from balanse.activities.registers import REGISTERS
from balanse.core.registers import imports

CONTENT = Path(settings.BASE_DIR) / "content" / "activities"

# Title patterns → type, first match wins (the report's own words: its type list and the titles it gives).
TITLE_RULES = [
    (r"årsmøte", "årsmøte"),
    (r"^lansering", "lansering"),
    (r"debatt", "debatt"),
    (r"åpent|dialogmøte|nettverksmøte", "åpent møte"),
    (r"balanseprat", "Balanseprat"),
    (r"lukket", "lukket møte"),
    (r"normkriti|norm critical|challenge the norm", "workshop"),
    (r"balansemerket|kurs|^forebygging", "kurs"),
    (r"workshop", "workshop"),
    (r"seminar", "seminar"),
]
SEMINAR_TABLE_DEFAULT = "seminar"
COURSE_TABLE_DEFAULT = "foredrag"

SUPPLEMENTS_2020 = [
    {
        "type": "Balanseprat",
        "count": 5,
        "participants": 360,
        "streaming_audience": 0,
        "note": (
            "Årsrapporten 2020 teller 5 Balanseprat-seminarer, men lister dem ikke i tabellene. Deltakertallet er "
            "det som gjenstår av rapportens 1 750 (uten strømming) etter tabellenes rader, fordelt på disse "
            "seminarene og de to kursene under."
        ),
    },
    {
        "type": "kurs",
        "count": 2,
        "participants": 30,
        "streaming_audience": 0,
        "note": (
            "Årsrapporten 2020 teller 12 kurs (5 virksomheter fikk Balansemerket, 7 gjennomførte kursing); "
            "tabellene lister 10. De to siste er ført her uten dato."
        ),
    },
]


def classify(title: str, *, table: str) -> str:
    """The type of a row of the report's tables, from its title. `table` is "courses" or "seminars": a title
    no rule matches is a talk in the first table and a seminar in the second."""
    lowered = title.lower()
    for pattern, name in TITLE_RULES:
        if re.search(pattern, lowered):
            return name
    return SEMINAR_TABLE_DEFAULT if table == "seminars" else COURSE_TABLE_DEFAULT


def load_types() -> None:
    """BACK-OFFICE.md's types; never overwrites the operator's labels or order."""
    for order, (name, label) in enumerate(DEFAULT_TYPES, start=1):
        ActivityType.objects.get_or_create(name=name, defaults={"label": label, "order": order * 10})


def rows_2020() -> list[dict]:
    """The 46 rows, with their type. The first 35 are the first table, the last 11 the second."""
    with (CONTENT / "activities-2020.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for number, row in enumerate(rows):
        row["type"] = classify(row["title"], table="courses" if number < 35 else "seminars")
    return rows


def load_demo(stdout=None) -> None:
    load_types()
    rows = rows_2020()
    register = REGISTERS[0]
    dataset = tablib.Dataset(headers=register.columns)
    for row in rows:
        dataset.append([row.get(column, "") for column in register.columns])
    imports.confirm(register, dataset)
    Activity.objects.filter(date__year=2020, streaming_audience__gt=0).update(streamed=True)
    for entry in SUPPLEMENTS_2020:
        activity_type = ActivityType.objects.get(name=entry["type"])
        SupplementaryEntry.objects.get_or_create(
            year=2020,
            type=activity_type,
            defaults={k: entry[k] for k in ("count", "participants", "streaming_audience", "note")},
        )
    _upcoming()
    if stdout is not None:
        stdout.write(
            f"activities: {len(rows)} activities of 2020, {len(SUPPLEMENTS_2020)} supplementary entries"
        )


def _upcoming() -> None:
    """Two public activities in the coming weeks that take registrations (the calendar's demo)."""
    today = timezone.localdate()
    upcoming = [
        {
            "title": "Balanseprat: makt og grenser i kulturlivet",
            "type": "Balanseprat",
            "date": today + timedelta(days=14),
            "start_time": time(18, 0),
            "end_time": time(19, 30),
            "place": "Oslo",
            "capacity": 40,
            "description": "En samtale om makt, grenser og ansvar i kulturlivet, med spørsmål fra salen.",
        },
        {
            "title": "Normkritiske perspektiver – åpen workshop",
            "type": "workshop",
            "date": today + timedelta(days=28),
            "start_time": time(10, 0),
            "end_time": time(13, 0),
            "place": "",
            "digital": True,
            "capacity": 20,
            "description": "En digital workshop om normer, bias og representasjon på egen arbeidsplass.",
        },
    ]
    for data in upcoming:
        if Activity.objects.filter(title=data["title"], date__gte=today).exists():
            continue
        activity_type = ActivityType.objects.get(name=data.pop("type"))
        Activity.objects.create(
            type=activity_type, public=True, registration=True, held_by="Balansekunst", **data
        )
