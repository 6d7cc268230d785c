"""A small WebVTT reader: enough to build the interactive transcript and to check captions exist."""

import re

TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})")


def _seconds(stamp: str) -> float:
    parts = [float(p) for p in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def parse_vtt(text: str) -> list[dict]:
    """Cues as [{"start": seconds, "end": seconds, "text": str}]; [] if the text is not WebVTT."""
    if not text or not text.lstrip("\ufeff").startswith("WEBVTT"):
        return []
    cues = []
    for block in re.split(r"\r?\n\r?\n", text.strip()):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            match = TIMING.match(line)
            if match:
                body = " ".join(ln.strip() for ln in lines[i + 1 :] if ln.strip())
                body = re.sub(r"<[^>]+>", "", body)
                if body:
                    cues.append({"start": _seconds(match[1]), "end": _seconds(match[2]), "text": body})
                break
    return cues
