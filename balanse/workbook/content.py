"""Default content of the workbook, loaded from content/workbook/ idempotently: rows are created when
missing and never overwritten, so the operator's edits are preserved."""

import functools
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from balanse.workbook.models import ContentText, RiskFactor, RuleSuggestion

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "workbook"


def _read(name: str) -> str:
    return (CONTENT_DIR / name).read_text(encoding="utf-8").strip()


@functools.lru_cache(maxsize=8)
def _translated(code: str) -> dict | None:
    base = CONTENT_DIR / code
    if not base.is_dir():
        return None
    return {
        "texts": {p.stem: p.read_text(encoding="utf-8").strip() for p in (base / "texts").glob("*.md")},
        "factors": {
            f["slug"]: f for f in json.loads((base / "risk_factors.json").read_text(encoding="utf-8"))
        },
        "suggestions": {
            s["slug"]: s["text"]
            for s in json.loads((base / "rule_suggestions.json").read_text(encoding="utf-8"))
        },
    }


def in_page_language() -> dict | None:
    """The default content as we wrote it in the page's language (content/workbook/<lang>/), when the page is
    not Norwegian and we ship that language; None otherwise. The Norwegian content lives in the database,
    where the operator may edit it; the translations are ours and are shown as they are."""
    code = (translation.get_language() or "").split("-")[0].lower()
    if not code or code == "nb" or not code.isalpha():
        return None
    return _translated(code)


def text_keys() -> list[str]:
    return sorted(p.stem for p in (CONTENT_DIR / "texts").glob("*.md"))


@transaction.atomic
def load_default_content(stdout) -> None:
    created = 0
    factors = json.loads(_read("risk_factors.json"))
    for position, item in enumerate(factors):
        _obj, new = RiskFactor.objects.get_or_create(
            slug=item["slug"], defaults={"title": item["title"], "text": item["text"], "position": position}
        )
        created += new
    for position, item in enumerate(json.loads(_read("rule_suggestions.json"))):
        suggestion, new = RuleSuggestion.objects.get_or_create(
            slug=item["slug"], defaults={"text": item["text"], "position": position}
        )
        if new:
            suggestion.factors.set(RiskFactor.objects.filter(slug__in=item["factors"]))
            created += 1
    for key in text_keys():
        _obj, new = ContentText.objects.get_or_create(key=key, defaults={"text": _read(f"texts/{key}.md")})
        created += new
    stdout.write(f"  Workbook: {created} default texts added")
