"""The Norwegian catalogs follow the glossary in the README: none of the words in its "Not" column appears in a
Norwegian translation."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def _avoided() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Glossary (ordliste)", 1)[1].split("\n## ", 1)[0]
    avoided = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("Thing", "---"):
            continue
        word = re.sub(r"\s*\(.*", "", cells[1]).replace("*", "").strip()
        for bad in cells[2].split(","):
            bad = bad.strip()
            if bad and bad != "–":
                avoided[bad] = word
    return avoided


def test_glossary_is_there_and_names_the_chosen_words():
    avoided = _avoided()
    assert avoided["tilrettelegger"] == "fasilitator"
    assert avoided["sesjon"] == "økt"


def test_norwegian_catalogs_follow_the_glossary():
    avoided = _avoided()
    found = []
    catalogs = [
        ROOT / "locale/nb/LC_MESSAGES/django.po",
        *ROOT.glob("balanse/*/locale/nb/LC_MESSAGES/django.po"),
    ]
    for path in catalogs:
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for bad, word in avoided.items():
                pattern = re.compile(rf"(?<![\wæøå]){re.escape(bad)}(?![\wæøå])", re.IGNORECASE)
                if any(pattern.search(text) for text in texts):
                    found.append(f"{path.relative_to(ROOT)}: «{bad}» (use «{word}») in {entry.msgstr[:60]!r}")
    assert not found, "\n".join(found)
