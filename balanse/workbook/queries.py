"""Reads that views, hooks and outputs share."""

from dataclasses import dataclass, field

from balanse.certification.queries import comments_with_state, open_comments
from balanse.certification.signals import Requirement
from balanse.core.links import hash_token
from balanse.workbook import content
from balanse.workbook.models import ContentText, PlanShare, Section, SectionKey, Workbook
from balanse.workbook.sections import (
    ORDER,
    SECTION_CLASSES,
    ContractClauseSection,
    RoutinesSection,
    clause_from_template,
    default_factors,
)


def texts() -> dict[str, str]:
    """The workbook's texts (guidance, prompts, the clause template), in English on an English page."""
    stored = dict(ContentText.objects.values_list("key", "text"))
    translated = content.in_page_language()
    return stored | translated["texts"] if translated else stored


def sections_of(workbook: Workbook) -> dict[str, Section]:
    return {s.key: s for s in workbook.sections.select_related("updated_by")}


def section_objects(
    workbook: Workbook, sections: dict[str, Section] | None = None, content: dict | None = None, defaults=None
):
    """Section handlers (from sections.py) for every key, sharing the workbook's data."""
    sections = sections if sections is not None else sections_of(workbook)
    data = {key: (sections[key].data if key in sections else {}) for key in ORDER}
    defaults = defaults if defaults is not None else default_factors()
    handlers = {key: SECTION_CLASSES[key](data, defaults) for key in ORDER}
    clause: ContractClauseSection = handlers["contract_clause"]
    routines: RoutinesSection = handlers["routines"]

    def generated() -> str:
        template = (content if content is not None else texts()).get("contract_clause_template", "")
        return clause_from_template(template, workbook.organisation.name, routines.contact_text())

    clause.make_generated = generated
    return handlers


@dataclass
class Completeness:
    key: str
    label: str
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def completeness(workbook: Workbook, handlers=None) -> list[Completeness]:
    handlers = handlers or section_objects(workbook)
    return [Completeness(key, SectionKey(key).label, handlers[key].missing()) for key in ORDER]


def review_comments(workbook: Workbook) -> list:
    """The review comments of this year's workbook (none for an earlier year's), each knowing whether the
    organisation has changed its section since (`comments_with_state`): one query for the comments a page
    shows and for `sent_back`."""
    return comments_with_state(workbook.certification) if workbook.is_current else []


def sent_back(workbook: Workbook, items: list[Completeness], comments: list | None = None) -> set[str]:
    """Keys of the sections the operator sent back with a comment that still needs the organisation (the
    certification's "Must be changed"): such a section is not done, whatever its fields say. Only this
    year's workbook has them. `comments`: from `review_comments`, if the caller has them already."""
    if not workbook.is_current:
        return set()
    requirements = [
        Requirement(key=i.key, label=i.label, complete=i.complete, missing=i.missing) for i in items
    ]
    open_ = open_comments(workbook.certification, requirements, comments)
    return {comment.requirement_key for comment in open_}


def current_workbook(certification) -> Workbook | None:
    return (
        Workbook.objects.filter(certification=certification, cycle=certification.cycle)
        .select_related("organisation", "certification")
        .first()
    )


def latest_workbook(organisation) -> Workbook | None:
    return (
        Workbook.objects.filter(organisation=organisation)
        .select_related("organisation", "certification")
        .order_by("-created", "-pk")
        .first()
    )


def share_for_token(token: str) -> PlanShare | None:
    if not token or len(token) > 100:
        return None
    return PlanShare.objects.filter(token_hash=hash_token(token)).select_related("organisation").first()
