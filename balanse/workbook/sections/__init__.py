"""What each section holds, how it is edited, what it still lacks for the mark, and how it reads as text.

Section content is JSON. Each section class turns its JSON into a form's fields (and repeating rows into
bounded formsets) and back, lists what is missing, and renders itself as (label, value) pairs for the plan,
the PDF, the Word document and diffs. One module per section (or group of simple sections); this package
gathers them."""

from balanse.workbook.models import SectionKey
from balanse.workbook.sections.base import (
    APPLIES,
    RULE_LIMIT,
    TEXT_LIMIT,
    YES_NO,
    BaseSection,
    Factor,
    RowFormSet,
    SectionForm,
    SimpleSection,
    default_factors,
    factors_for,
)
from balanse.workbook.sections.risk_mapping import RiskMappingSection
from balanse.workbook.sections.routines import CONTACTS_MAX, RoutinesSection
from balanse.workbook.sections.rules import RULES_MAX, RulesSection
from balanse.workbook.sections.simple import (
    ConsequencesSection,
    ContractClauseSection,
    ConversationsSection,
    ResponsibilitySection,
    clause_from_template,
)

SECTION_CLASSES: dict[str, type[BaseSection]] = {
    SectionKey.RISK_MAPPING: RiskMappingSection,
    SectionKey.RULES: RulesSection,
    SectionKey.ROUTINES: RoutinesSection,
    SectionKey.CONSEQUENCES: ConsequencesSection,
    SectionKey.RESPONSIBILITY: ResponsibilitySection,
    SectionKey.CONTRACT_CLAUSE: ContractClauseSection,
    SectionKey.CONVERSATIONS: ConversationsSection,
}
ORDER = list(SECTION_CLASSES)
NUMBERS = {
    SectionKey.RISK_MAPPING: "1",
    SectionKey.RULES: "2",
    SectionKey.ROUTINES: "3",
    SectionKey.CONSEQUENCES: "4",
    SectionKey.RESPONSIBILITY: "5",
    SectionKey.CONTRACT_CLAUSE: "5b",
    SectionKey.CONVERSATIONS: "6",
}

__all__ = [
    "APPLIES",
    "CONTACTS_MAX",
    "NUMBERS",
    "ORDER",
    "RULES_MAX",
    "RULE_LIMIT",
    "SECTION_CLASSES",
    "TEXT_LIMIT",
    "YES_NO",
    "BaseSection",
    "ConsequencesSection",
    "ContractClauseSection",
    "ConversationsSection",
    "Factor",
    "ResponsibilitySection",
    "RiskMappingSection",
    "RoutinesSection",
    "RowFormSet",
    "RulesSection",
    "SectionForm",
    "SimpleSection",
    "clause_from_template",
    "default_factors",
    "factors_for",
]
