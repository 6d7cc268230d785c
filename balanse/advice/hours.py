"""Opening hours as data: “tir 12–15; tor 12–15” → weekly slots, whether a line is open now, and when it opens
next. Days are Norwegian or English (full or short), times `12`, `12:00` or `12.00`; the dash may be – or -."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

DAYS = {
    0: ["man", "mandag", "mandager", "mon", "monday", "mondays"],
    1: ["tir", "tirsdag", "tirsdager", "tue", "tuesday", "tuesdays"],
    2: ["ons", "onsdag", "onsdager", "wed", "wednesday", "wednesdays"],
    3: ["tor", "torsdag", "torsdager", "thu", "thursday", "thursdays"],
    4: ["fre", "fredag", "fredager", "fri", "friday", "fridays"],
    5: ["lør", "lørdag", "lørdager", "sat", "saturday", "saturdays"],
    6: ["søn", "søndag", "søndager", "sun", "sunday", "sundays"],
}
DAY_LOOKUP = {name: day for day, names in DAYS.items() for name in names}
SHORT = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
SLOT = re.compile(r"^\s*(\S+)\s+(\d{1,2})(?:[:.](\d{2}))?\s*[–—-]\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0
    opens: time
    closes: time


@dataclass(frozen=True)
class LineStatus:
    open_now: bool
    closes_at: datetime | None  # when open now
    next_opening: datetime | None  # when closed now (None without hours)

    @property
    def changes_at(self) -> datetime | None:
        """When this status stops holding: the line closes, or opens (None: never, without hours)."""
        return self.closes_at if self.open_now else self.next_opening


def parse(text: str) -> list[Slot]:
    """The slots in `text`; ValueError with a Norwegian message for anything it cannot read."""
    slots = []
    for part in re.split(r"[;,\n]", text or ""):
        if not part.strip():
            continue
        match = SLOT.match(part.lower())
        if not match or match.group(1) not in DAY_LOOKUP:
            raise ValueError(
                _("“%(part)s” is not a day and a time. Write for example “tir 12–15; tor 12–15”.")
                % {"part": part.strip()}
            )
        h1, m1, h2, m2 = (int(g or 0) for g in match.group(2, 3, 4, 5))
        try:
            opens, closes = time(h1, m1), time(h2, m2)
        except ValueError as exc:
            raise ValueError(
                _("“%(part)s” has a time that does not exist.") % {"part": part.strip()}
            ) from exc
        if closes <= opens:
            raise ValueError(_("“%(part)s” closes before it opens.") % {"part": part.strip()})
        slots.append(Slot(DAY_LOOKUP[match.group(1)], opens, closes))
    return sorted(slots, key=lambda s: (s.weekday, s.opens))


def normalise(text: str) -> str:
    """How the hours are stored: “tir 12:00–15:00; tor 12:00–15:00”."""
    return "; ".join(f"{SHORT[s.weekday]} {s.opens:%H:%M}–{s.closes:%H:%M}" for s in parse(text))


def status(slots: list[Slot], now: datetime | None = None) -> LineStatus:
    now = timezone.localtime(now)
    tz = now.tzinfo
    if not slots:
        return LineStatus(False, None, None)
    for days_ahead in range(8):
        day = now.date() + timedelta(days=days_ahead)
        for slot in slots:
            if slot.weekday != day.weekday():
                continue
            opens = datetime.combine(day, slot.opens, tzinfo=tz)
            closes = datetime.combine(day, slot.closes, tzinfo=tz)
            if opens <= now < closes:
                return LineStatus(True, closes, None)
            if now < opens:
                return LineStatus(False, None, opens)
    return LineStatus(False, None, None)  # pragma: no cover - a weekly slot always comes within 8 days
