"""The member register: member organisations, fees (tiers, claims, payments), supporting members and the
collaboration log (BACK-OFFICE.md). Split by subject; import from `balanse.members.models`."""

from balanse.members.models.fees import Fee, FeeStatus, FeeTier, FeeYear, Payment  # noqa: F401
from balanse.members.models.members import (  # noqa: F401
    REACHED_KIND_LABELS,
    REPORT_FIELD_LABELS,
    ApplicationState,
    Contact,
    ContactKind,
    Member,
    MembershipApplication,
    in_span,
    in_year,
    year_bounds,
)
from balanse.members.models.supporting import SupportingMember  # noqa: F401
