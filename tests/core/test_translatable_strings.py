"""Every word marked for translation in Python is where makemessages finds it: xgettext (gettext 0.21, as on
Debian 12) does not look inside an f-string's braces, so a `gettext("…")` written there drops out of the
catalog at the next `make messages`, and the page then shows the English source to a Norwegian reader."""

import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def marked_inside_fstrings(source: str) -> list[tuple[int, str]]:
    found, depth = [], 0
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.FSTRING_START:
            depth += 1
        elif token.type == tokenize.FSTRING_END:
            depth -= 1
        elif depth and token.type == tokenize.NAME and token.string in MARKERS:
            found.append((token.start[0], token.string))
    return found


def test_the_check_finds_a_word_marked_inside_an_fstring():
    assert marked_inside_fstrings("x = f\"<b>{gettext('new')}</b>\"\n") == [(1, "gettext")]
    assert marked_inside_fstrings('word = gettext("new")\nx = f"<b>{word}</b>"\n') == []


def test_no_word_is_marked_for_translation_inside_an_fstring():
    found = [
        f"{path.relative_to(ROOT)}:{line} {name}(…) inside an f-string"
        for path in sorted((ROOT / "balanse").rglob("*.py"))
        if "migrations" not in path.parts
        for line, name in marked_inside_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)
