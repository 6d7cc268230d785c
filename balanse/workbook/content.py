"""Default content of the workbook, loaded from content/workbook/ idempotently: rows are created when
missing and never overwritten, so the operator's edits are preserved."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "workbook"


def _read(name: str) -> str:
    return (CONTENT_DIR / name).read_text(encoding="utf-8").strip()


def text_keys() -> list[str]:
    return sorted(p.stem for p in (CONTENT_DIR / "texts").glob("*.md"))


@transaction.atomic
def load_default_content(stdout) -> None:
    from balanse.workbook.models import ContentText, RiskFactor, RuleSuggestion

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
