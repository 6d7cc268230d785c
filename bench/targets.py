"""Issue 19's targets for every page, and what bench/pages.py measures of a page (no Django needed here).

- in-process: median ≤ 8 ms and ≤ 12 queries, both flat (within 10 %) from demo-sized data to N times as much;
- under 20 concurrent logged-in clients on one server process: ≥ 100 req/s, at least 1/6 of /healthz in the
  same run, p99 under 400 ms; a page answering anything but 2xx/3xx under load is an error, not a speed.
"""

from dataclasses import dataclass, field

MS_BUDGET = 8.0
QUERY_BUDGET = 12
FLAT = 1.10
MIN_REQ_S = 100.0
MIN_HEALTHZ_SHARE = 1 / 6
MAX_P99_MS = 400.0


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0 < p < 100), interpolated between the closest ranks; NaN without values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def flat(small: float, large: float) -> bool:
    """True when `large` (measured on N times the data) is at most 10 % above `small` (demo-sized)."""
    return large <= small * FLAT


@dataclass
class Load:
    """What a page answered under load: each answer's milliseconds and status (0: no answer)."""

    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(count for status, count in self.statuses.items() if 200 <= status < 400)

    @property
    def errors(self) -> dict[int, int]:
        return {status: count for status, count in self.statuses.items() if not 200 <= status < 400}

    @property
    def req_s(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)


@dataclass
class Page:
    """One page of one role: in-process figures at each scale measured (demo-sized first), and its load."""

    role: str
    name: str
    url: str
    ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    load: Load | None = None
    healthz: Load | None = None

    @property
    def healthz_share(self) -> float:
        if self.load is None or self.healthz is None or not self.healthz.req_s:
            return float("nan")
        return self.load.req_s / self.healthz.req_s

    def met(self) -> dict[str, bool | None]:
        """Each target: met (True), missed (False) or not measured in this run (None)."""
        scaled = len(self.ms) > 1
        broken = any(status != 200 for status in self.statuses)
        result: dict[str, bool | None] = {
            "ms": not broken and max(self.ms) <= MS_BUDGET,
            "queries": not broken and max(self.queries) <= QUERY_BUDGET,
            "flat": (not broken and flat(self.ms[0], self.ms[-1]) and flat(self.queries[0], self.queries[-1]))
            if scaled
            else None,
            "req/s": None,
            "×healthz": None,
            "p99": None,
        }
        if self.load is not None:
            ok = not self.load.errors and self.load.answered > 0
            result["req/s"] = ok and self.load.req_s >= MIN_REQ_S
            result["×healthz"] = ok and self.healthz_share >= MIN_HEALTHZ_SHARE
            result["p99"] = ok and self.load.p99 < MAX_P99_MS
        return result

    def misses(self) -> list[str]:
        return [target for target, met in self.met().items() if met is False]


TARGETS = {
    "ms": f"median ≤ {MS_BUDGET:g} ms",
    "queries": f"≤ {QUERY_BUDGET} queries",
    "flat": "flat (within 10 %)",
    "req/s": f"≥ {MIN_REQ_S:g} req/s",
    "×healthz": "≥ 1/6 of /healthz",
    "p99": f"p99 < {MAX_P99_MS:g} ms",
}


def summary(pages: list[Page]) -> str:
    """One line: how many pages meet each target measured in this run, and how many failed under load."""
    parts = []
    for target, label in TARGETS.items():
        measured = [page.met()[target] for page in pages]
        measured = [met for met in measured if met is not None]
        if measured:
            parts.append(f"{label}: {sum(measured)}/{len(measured)}")
    errors = sum(1 for page in pages if page.load is not None and page.load.errors)
    broken = sum(1 for page in pages if any(status != 200 for status in page.statuses))
    if any(page.load is not None for page in pages):
        parts.append(f"errors under load: {errors}")
    if broken:
        parts.append(f"not 200 in-process: {broken}")
    return f"{len(pages)} pages; " + " · ".join(parts)
