"""What an organisation must have in place before it can submit for review.

The default source is the interim checklist the operator keeps per certification. An app (the workbook)
takes over by answering the `requirements_requested` signal with a list of `Requirement`.
"""

from balanse.certification.signals import Requirement, requirements_requested
from balanse.core.signals import first_answer


def checklist_requirements(certification) -> list[Requirement]:
    from balanse.certification.models import ChecklistKey
    from balanse.certification.queries import checklist_for

    items = {item.key: item for item in checklist_for(certification)}
    requirements = []
    for key, label in ChecklistKey.choices:
        item = items.get(key)
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


def uses_checklist(certification) -> bool:
    return plugged_in_requirements(certification) is None


def get_requirements(certification) -> list[Requirement]:
    plugged = plugged_in_requirements(certification)
    return plugged if plugged is not None else checklist_requirements(certification)


def all_complete(requirements: list[Requirement]) -> bool:
    return bool(requirements) and all(r.complete for r in requirements)
