"""Reads that views, hooks and outputs share.

The reads every workbook page makes (the workbook with its organisation and certification, its sections with
who changed them last, the risk factors, the texts, the other years' workbooks) run from SQL compiled once per
process (`balanse.core.compiled`): building a query took longer than running it."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from balanse.certification.models import Certification
from balanse.certification.queries import comments_for, comments_with_state, open_comments
from balanse.certification.signals import Requirement
from balanse.core import compiled, stamps
from balanse.core.links import hash_token
from balanse.workbook import content
from balanse.workbook.models import ContentText, PlanShare, RuleSuggestion, Section, SectionKey, Workbook
from balanse.workbook.sections import (
    ORDER,
    SECTION_CLASSES,
    ContractClauseSection,
    RoutinesSection,
    clause_from_template,
    default_factors,
)


def workbook_with_organisation(pk: int) -> Workbook | None:
    """The workbook `pk` with its organisation and certification (and the certification's organisation, when it
    is the workbook's: the same object), or None."""
    found = compiled.instances(
        "workbook.workbook_with_organisation",
        Workbook,
        lambda pk: Workbook.objects.filter(pk=pk),
        related=("organisation", "certification"),
        pk=pk,
    )
    if not found:
        return None
    workbook = found[0]
    certification = workbook.certification
    if certification.organisation_id == workbook.organisation_id:
        type(certification).organisation.field.set_cached_value(certification, workbook.organisation)
    return workbook


def texts() -> dict[str, str]:
    """The workbook's texts (guidance, prompts, the clause template), in English on an English page."""
    stored = dict(stamps.kept_rows("workbook.texts", lambda: ContentText.objects.values_list("key", "text")))
    translated = content.in_page_language()
    return stored | translated["texts"] if translated else stored


def sections_of(workbook: Workbook) -> dict[str, Section]:
    """The workbook's sections by key, each with who changed it last (and knowing its workbook)."""
    sections = compiled.instances(
        "workbook.sections_of",
        Section,
        lambda workbook_id: Section.objects.filter(workbook_id=workbook_id),
        related=("updated_by",),
        workbook_id=workbook.pk,
    )
    return _by_key(sections, workbook)


def _by_key(sections: list[Section], workbook: Workbook) -> dict[str, Section]:
    """The sections by key, each knowing `workbook` as its own (no query for it)."""
    for section in sections:
        Section.workbook.field.set_cached_value(section, workbook)
    return {section.key: section for section in sections}


class Year(NamedTuple):
    """One of an organisation's workbooks, for the list of years."""

    pk: int
    created: datetime


def years_of(organisation_id: int) -> list[Year]:
    """The organisation's workbooks, the newest first."""
    return [
        Year(*row)
        for row in compiled.rows(
            "workbook.years_of",
            lambda organisation_id: (
                Workbook.objects.filter(organisation_id=organisation_id)
                .order_by("-created")
                .values_list("pk", "created")
            ),
            organisation_id=organisation_id,
        )
    ]


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


class SuggestedFactor(NamedTuple):
    """A risk factor a suggested rule answers: its slug and its (stored) title."""

    slug: str
    title: str


def rule_suggestions() -> list[tuple[str, str, list[SuggestedFactor]]]:
    """The library of suggested rules in order, each as (slug, text, the risk factors it answers in their order):
    one query (instead of the suggestions and then their factors), compiled once."""
    suggestions: dict[int, tuple[str, str, list[SuggestedFactor]]] = {}
    for pk, slug, text, factor_slug, factor_title in stamps.kept_rows(
        "workbook.rule_suggestions",
        lambda: RuleSuggestion.objects.order_by(
            "position", "pk", "factors__position", "factors__pk"
        ).values_list("pk", "slug", "text", "factors__slug", "factors__title"),
    ):
        factors = suggestions.setdefault(pk, (slug, text, []))[2]
        if factor_slug is not None:
            factors.append(SuggestedFactor(factor_slug, factor_title))
    return list(suggestions.values())


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


def _commented_keys(certification) -> set[str]:
    """The keys of the sections the review commented on in the certification's current cycle (`comments_for`),
    compiled once."""
    return set(
        compiled.rows(
            "workbook.commented_keys",
            lambda certification_id, cycle: (
                comments_for(Certification(pk=certification_id, cycle=cycle))
                .order_by()
                .values_list("requirement_key", flat=True)
            ),
            certification_id=certification.pk,
            cycle=certification.cycle,
        )
    )


def review_comments(workbook: Workbook, key: str | None = None) -> list:
    """The review comments of this year's workbook (none for an earlier year's), each knowing whether the
    organisation has changed its section since (`comments_with_state`): one query for the comments a page
    shows and for `sent_back`. With `key`, only that section's. `comments_with_state` (a query built anew
    each time) is asked only when the review commented on the workbook (on that section): most pages make
    only a small query compiled once (`_commented_keys`)."""
    if not workbook.is_current:
        return []
    keys = _commented_keys(workbook.certification)
    if not keys or (key is not None and key not in keys):
        return []
    comments = comments_with_state(workbook.certification)
    return comments if key is None else [c for c in comments if c.requirement_key == key]


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
    """The workbook of the certification's current year, with its organisation and certification (the first in
    the workbooks' order, as `.first()`), read by SQL compiled once."""
    return compiled.first(
        "workbook.current_workbook",
        Workbook,
        lambda certification, cycle: Workbook.objects.filter(certification=certification, cycle=cycle),
        related=("organisation", "certification"),
        certification=certification.pk,
        cycle=certification.cycle,
    )


def current_workbook_and_sections(certification) -> tuple[Workbook | None, dict[str, Section]]:
    """`current_workbook(certification)` and its `sections_of`, read together in one query (its sections, each
    with its workbook) when it has sections, as the pages that ask only what the measures are (`completeness`)
    need them: the workbook's certification is `certification`, and so is its organisation when it is the
    same one and `certification` has it already. (None, {}) when the year has no workbook."""
    sections = compiled.instances(
        "workbook.current_sections",
        Section,
        lambda certification, cycle: Section.objects.filter(
            workbook__certification=certification, workbook__cycle=cycle
        ),
        related=("workbook", "updated_by"),
        certification=certification.pk,
        cycle=certification.cycle,
    )
    if not sections:  # no workbook this year, or (never made by the services) one without sections
        workbook = current_workbook(certification)
        return workbook, {}
    workbook = sections[0].workbook
    Workbook.certification.field.set_cached_value(workbook, certification)
    if (
        type(certification).organisation.is_cached(certification)
        and certification.organisation_id == workbook.organisation_id
    ):
        Workbook.organisation.field.set_cached_value(workbook, certification.organisation)
    return workbook, _by_key(sections, workbook)


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
