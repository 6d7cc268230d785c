"""The annual figures as files: `tall.json` and the same as CSV (one row per figure, dotted keys)."""

import json

from balanse.core import exports


def flatten(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(flatten(value, f"{name}."))
        elif isinstance(value, list):
            rows.append((name, " | ".join(str(item) for item in value)))
        else:
            rows.append((name, value))
    return rows


def figures_csv(figures: dict, dialect: exports.Dialect = exports.PLAIN) -> str:
    return exports.csv_text(flatten(figures), header=["figure", "value"], dialect=dialect)


def figures_json(figures: dict) -> str:
    return json.dumps(figures, ensure_ascii=False, indent=2)
