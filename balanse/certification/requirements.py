"""What an organisation must have in place before it can submit for review.

The default source is the interim checklist the operator keeps per certification. An app (the workbook)
takes over by defining `certification_requirements(certification)` in its hooks.py and returning a list.
"""

from dataclasses import dataclass, field

from balanse.core.plugins import app_modules


@dataclass
class Requirement:
    key: str
    label: str
    complete: bool
    url: str | None = None
    missing: list[str] = field(default_factory=list)


def checklist_requirements(certification) -> list[Requirement]:
    from balanse.certification.models import ChecklistKey
    from balanse.certification.queries import checklist_for

    items = {item.key: item for item in checklist_for(certification)}
    requirements = []
    for key, label in ChecklistKey.choices:
        item = items.get(key)
        complete = bool(item and item.complete)
        missing = [item.note] if item and item.note and not complete else []
        requirements.append(Requirement(key=key, label=str(label), complete=complete, missing=missing))
    return requirements


def plugged_in_requirements(certification) -> list[Requirement] | None:
    for _config, module in app_modules("hooks"):
        function = getattr(module, "certification_requirements", None)
        if function is None:
            continue
        result = function(certification)
        if result is not None:
            return list(result)
    return None


def uses_checklist(certification) -> bool:
    return plugged_in_requirements(certification) is None


def get_requirements(certification) -> list[Requirement]:
    plugged = plugged_in_requirements(certification)
    return plugged if plugged is not None else checklist_requirements(certification)


def all_complete(requirements: list[Requirement]) -> bool:
    return bool(requirements) and all(r.complete for r in requirements)
