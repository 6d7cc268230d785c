"""What an organisation must have in place before it can submit for review.

The default source is the interim checklist the operator keeps per certification. An app (the workbook)
takes over by answering the `requirements_requested` signal with a list of `Requirement`.
"""

from balanse.certification.models import ChecklistItem, ChecklistKey
from balanse.certification.queries import checklist_for
from balanse.certification.signals import Requirement, requirements_requested
from balanse.core.signals import first_answer


def checklist_requirements(certification, items: list[ChecklistItem] | None = None) -> list[Requirement]:
    """The measures of the interim checklist; `items`: its items of the current cycle, if already read."""
    if items is None:
        items = list(checklist_for(certification))
    by_key = {item.key: item for item in items}
    requirements = []
    for key, label in ChecklistKey.choices:
        item = by_key.get(key)
        complete = bool(item and item.complete)
        missing = [item.note] if item and item.note and not complete else []
        requirements.append(
            Requirement(
                key=key,
                label=label,
                complete=complete,
                missing=missing,
                changed_at=item.updated if item else None,
            )
        )
    return requirements


def plugged_in_requirements(certification) -> list[Requirement] | None:
    result = first_answer(requirements_requested, certification=certification)
    return list(result) if result is not None else None


def requirements_and_checklist(certification) -> tuple[list[Requirement], list[ChecklistItem] | None]:
    """The required measures, and the interim checklist's items when the measures come from it (None when an
    app such as the workbook supplies them): the signal is sent once and the checklist read once."""
    plugged = plugged_in_requirements(certification)
    if plugged is not None:
        return plugged, None
    items = list(checklist_for(certification))
    return checklist_requirements(certification, items), items


def uses_checklist(certification) -> bool:
    return plugged_in_requirements(certification) is None


def get_requirements(certification) -> list[Requirement]:
    return requirements_and_checklist(certification)[0]


def all_complete(requirements: list[Requirement]) -> bool:
    return bool(requirements) and all(r.complete for r in requirements)
