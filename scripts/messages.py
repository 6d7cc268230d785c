#!/usr/bin/env python
"""Update the translation catalogs.

Source strings are English. `nb` is translated by hand; `en` is filled from the English source.
Foundation strings (core, organisations, advice, shared templates) live in locale/; every later app keeps
its own catalog in balanse/<app>/locale/ (Django finds both).

Usage: .venv/bin/python scripts/messages.py [--check] [--app LABEL]
  --check       change nothing; exit 1 and list what is untranslated or fuzzy in any catalog.
  --app LABEL   update only balanse/LABEL/locale (an app with its own catalog).
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
IGNORE = [".venv", "var", "tests", "bench", "node_modules", "test-artifacts", "scripts"]


def catalogs() -> list[Path]:
    found = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    found += sorted(ROOT.glob("balanse/*/locale/*/LC_MESSAGES/*.po"))
    return found


def make(app: str | None) -> None:
    """makemessages for the project (locale/ and every app's own locale/), or for one app."""
    cwd = ROOT / "balanse" / app if app else ROOT
    if app:
        (cwd / "locale" / "nb" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        (cwd / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    args = [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "nb", "-l", "en"]
    args += ["--no-obsolete", "--no-location"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(args, cwd=cwd, check=True, env=env)
    if list(cwd.glob("**/static/**/*.js")):
        js_args = [*args, "-d", "djangojs", "--ignore", "vendor", "--ignore", "*.min.js"]
        subprocess.run(js_args, cwd=cwd, check=True, env=env)


def fill_english(path: Path) -> int:
    po = polib.pofile(str(path))
    filled = 0
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            entry.previous_msgid = None
            entry.previous_msgid_plural = None  # a lone "#| msgid_plural" is a syntax error for msgfmt
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                filled += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            filled += 1
    po.save()
    return filled


def problems(path: Path) -> list[str]:
    po = polib.pofile(str(path))
    out = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    out += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    # A plural translated in one form only shows an empty text for the other counts.
    out += [
        f"plural form missing: {e.msgid!r}"
        for e in po.translated_entries()
        if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    return out


def conflicts() -> list[str]:
    """All catalogs of a language share one namespace at run time: the same source string must not be
    translated differently in two catalogs (the app listed first would silently win)."""
    out = []
    for lang in sorted({p.parts[-3] for p in catalogs()}):
        seen: dict[tuple, dict[str, str]] = {}
        for path in catalogs():
            if path.parts[-3] != lang or path.name != "django.po":
                continue
            for e in polib.pofile(str(path)):
                value = e.msgstr or repr(sorted(e.msgstr_plural.items()))
                seen.setdefault((e.msgctxt, e.msgid), {})[str(path.relative_to(ROOT))] = value
        for (_ctxt, msgid), values in seen.items():
            if len(set(values.values())) > 1:
                out.append(f"{lang}: {msgid!r} is translated differently: {values}")
    return out


def main() -> int:
    check = "--check" in sys.argv
    app = sys.argv[sys.argv.index("--app") + 1] if "--app" in sys.argv else None
    if not check:
        make(app)
        for path in catalogs():
            if path.parts[-3] == "en":
                fill_english(path)
    failed = False
    for path in catalogs():
        found = problems(path)
        rel = path.relative_to(ROOT)
        if found:
            failed = True
            print(f"{rel}: {len(found)} to do")
            for line in found[:50]:
                print("   ", line)
        else:
            print(f"{rel}: complete")
    for line in conflicts():
        failed = True
        print(line)
    return 1 if (check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
