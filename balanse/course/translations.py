"""The default course in the page's language (content/course/<lang>/<slug>/, the same format as the course).

The Norwegian course lives in the database, where operators may edit it; the translations are ours. A learner
whose page is in another language we ship sees the same course (same steps, keys, right answers and progress)
with our translated texts laid over it, text by text: a text is swapped only where the database still holds
exactly the Norwegian default we wrote, so anything an operator has changed or added, and anything the
translation lacks, stays as written in Norwegian. Only what is shown is changed, on objects loaded for this
request; nothing is saved.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

from balanse.course.content_format import read_course_dir

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "course"

TEXT_FIELDS = frozenset({"text", "feedback", "prompt", "captions"})


def page_language() -> str | None:
    """The page's language when it is one we may translate into (not Norwegian), else None."""
    code = (translation.get_language() or "").split("-")[0].lower()
    if not code or code == "nb" or not code.isalpha():
        return None
    return code


@cache
def _default_pair(slug: str, code: str) -> tuple[dict, dict] | None:
    """(Norwegian default, translation) of a shipped course, each indexed by key; None if we ship none."""
    base, translated = CONTENT_DIR / slug, CONTENT_DIR / code / slug
    if not (base / "course.json").exists() or not (translated / "course.json").exists():
        return None
    return _index(read_course_dir(base)), _index(read_course_dir(translated))


def _index(data: dict) -> dict:
    modules, steps = {}, {}
    for module in data.get("modules", []):
        modules[module["key"]] = module
        for step in module.get("steps", []):
            steps[step["key"]] = step
    return {
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "modules": modules,
        "steps": steps,
    }


def _pair_for(slug: str):
    code = page_language()
    return _default_pair(slug, code) if code else None


def _swap(current, default, translated):
    """The translated text when the current text is still the default one, else the current text."""
    if isinstance(translated, str) and translated and current == default:
        return translated
    return current


def translate_data(current, default, translated):
    """Walk a step's data: texts are swapped where unchanged; lists of keyed items are matched by key, so the
    structure (keys, right answers, where a choice leads) always stays the database's own."""
    if isinstance(current, dict):
        default = default if isinstance(default, dict) else {}
        translated = translated if isinstance(translated, dict) else {}
        out = {}
        for key, value in current.items():
            if key in TEXT_FIELDS and isinstance(value, str):
                out[key] = _swap(value, default.get(key), translated.get(key))
            else:
                out[key] = translate_data(value, default.get(key), translated.get(key))
        return out
    if isinstance(current, list):
        default_by_key = _by_key(default)
        translated_by_key = _by_key(translated)
        return [
            translate_data(item, default_by_key.get(item.get("key")), translated_by_key.get(item.get("key")))
            if isinstance(item, dict)
            else item
            for item in current
        ]
    return current


def _by_key(items) -> dict:
    if not isinstance(items, list):
        return {}
    return {item["key"]: item for item in items if isinstance(item, dict) and "key" in item}


def translate_course(course) -> None:
    """The course's own title (lists of courses)."""
    pair = _pair_for(course.slug)
    if pair:
        course.title = _swap(course.title, pair[0]["title"], pair[1]["title"])


def translate_version(version, slug: str) -> None:
    pair = _pair_for(slug)
    if pair is None:
        return
    default, translated = pair
    version.title = _swap(version.title, default["title"], translated["title"])
    version.description = _swap(version.description, default["description"], translated["description"])


def translate_steps(steps, slug: str) -> None:
    """Lay the translation over the steps and their modules (each module once)."""
    pair = _pair_for(slug)
    if pair is None:
        return
    default, translated = pair
    seen_modules = set()
    for step in steps:
        module = step.module
        if id(module) not in seen_modules:
            seen_modules.add(id(module))
            nb_module = default["modules"].get(module.key, {})
            en_module = translated["modules"].get(module.key, {})
            module.title = _swap(module.title, nb_module.get("title"), en_module.get("title"))
            module.intro = _swap(module.intro, nb_module.get("intro"), en_module.get("intro"))
        nb_step = default["steps"].get(step.key)
        en_step = translated["steps"].get(step.key)
        if nb_step is None or en_step is None:
            continue
        step.title = _swap(step.title, nb_step.get("title"), en_step.get("title"))
        step.body = _swap(step.body, nb_step.get("body"), en_step.get("body"))
        step.data = translate_data(step.data, nb_step.get("data") or {}, en_step.get("data") or {})


def translate_progress(progress, slug: str) -> None:
    translate_version(progress.version, slug)
    translate_steps(progress.steps, slug)


def captions_language(step, slug: str) -> str:
    """The language of the captions the learner gets: ours where they were swapped in, else Norwegian."""
    code = page_language()
    pair = _default_pair(slug, code) if code else None
    if pair is None:
        return "nb"
    shipped = (pair[1]["steps"].get(step.key) or {}).get("data", {}).get("captions")
    return code if shipped and step.data.get("captions") == shipped else "nb"
