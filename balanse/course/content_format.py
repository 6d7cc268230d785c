"""The course file format, shared by the default content, `export_course` and `import_course`.

A course is a folder:
  course.json          slug, title, description, modules → steps (kind, title, data)
  steps/<key>.md       the Markdown body of a step (when it has one)
  steps/<key>.vtt      the WebVTT captions of a video step

Writing is deterministic (sorted folder listing, fixed JSON layout), so export → import → export is identical.
"""

import json
import re
from pathlib import Path

from django.utils.translation import gettext as _

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class CourseFormatError(Exception):
    """The files do not describe a valid course; the message says what is wrong."""


def read_course_dir(path: Path) -> dict:
    path = Path(path)
    try:
        data = json.loads((path / "course.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CourseFormatError(_("No course.json in %(path)s.") % {"path": path}) from exc
    except json.JSONDecodeError as exc:
        raise CourseFormatError(_("course.json is not valid JSON: %(error)s") % {"error": exc}) from exc
    steps_dir = path / "steps"
    for module in data.get("modules", []):
        for step in module.get("steps", []):
            key = step.get("key", "")
            if not KEY_RE.match(key):
                raise CourseFormatError(_("Invalid step key: %(key)r") % {"key": key})
            body = steps_dir / f"{key}.md"
            step["body"] = body.read_text(encoding="utf-8") if body.exists() else ""
            captions = steps_dir / f"{key}.vtt"
            if captions.exists():
                step.setdefault("data", {})["captions"] = captions.read_text(encoding="utf-8")
    validate_course_dict(data)
    return data


def write_course_dir(data: dict, path: Path) -> None:
    path = Path(path)
    steps_dir = path / "steps"
    steps_dir.mkdir(parents=True, exist_ok=True)
    for old in steps_dir.iterdir():
        if old.suffix in {".md", ".vtt"}:
            old.unlink()
    out = {"slug": data["slug"], "title": data["title"], "description": data.get("description", "")}
    out["modules"] = []
    for module in data["modules"]:
        steps = []
        for step in module["steps"]:
            step_data = dict(step.get("data") or {})
            captions = step_data.pop("captions", "")
            if step.get("body"):
                (steps_dir / f"{step['key']}.md").write_text(step["body"], encoding="utf-8")
            if captions:
                (steps_dir / f"{step['key']}.vtt").write_text(captions, encoding="utf-8")
            steps.append(
                {"key": step["key"], "kind": step["kind"], "title": step["title"], "data": _sorted(step_data)}
            )
        out["modules"].append(
            {"key": module["key"], "title": module["title"], "intro": module.get("intro", ""), "steps": steps}
        )
    (path / "course.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def validate_course_dict(data: dict) -> None:
    for field in ("slug", "title"):
        if not data.get(field):
            raise CourseFormatError(_("The course has no %(field)s.") % {"field": field})
    seen_modules, seen_steps = set(), set()
    for module in data.get("modules", []):
        if not KEY_RE.match(module.get("key", "")) or module["key"] in seen_modules:
            raise CourseFormatError(_("Invalid or repeated module key: %(key)r") % {"key": module.get("key")})
        seen_modules.add(module["key"])
        for step in module.get("steps", []):
            if step["key"] in seen_steps:
                raise CourseFormatError(_("Repeated step key: %(key)r") % {"key": step["key"]})
            seen_steps.add(step["key"])
            if step.get("kind") not in {"text", "video", "quiz", "reflection", "case"}:
                raise CourseFormatError(_("Unknown step type: %(kind)r") % {"kind": step.get("kind")})


def _sorted(value):
    """Objects with their keys sorted at every level (databases may reorder JSON keys)."""
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
