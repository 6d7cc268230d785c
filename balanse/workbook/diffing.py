"""Differences between two versions of a section, as lines a person can read."""

import difflib


def as_text(lines) -> list[str]:
    out = []
    for label, value in lines:
        out.append(f"{label}:")
        values = value if isinstance(value, list) else str(value).splitlines()
        out += [f"  {v}" for v in values if str(v).strip()]
    return out


def diff(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(kind, line) with kind "added", "removed" or "same"; only changed lines and their neighbours."""
    result = []
    for line in difflib.unified_diff(old, new, lineterm="", n=1):
        if line.startswith(("---", "+++", "@@")):
            continue
        if line.startswith("+"):
            result.append(("added", line[1:]))
        elif line.startswith("-"):
            result.append(("removed", line[1:]))
        else:
            result.append(("same", line[1:]))
    return result
