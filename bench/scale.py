"""Grow the demo data N times, so that every page lists or aggregates N times the rows (issue 19's "ten times
as much"). Run after `load_demo`; needs Django set up. Used by bench/pages.py (`--scale N`).

Two steps, both with bulk_create on copies of the rows the demo made (the same shapes the services write):

1. In place, N times the rows under each parent: the people of every organisation (new users with a
   membership, a course enrollment and its completed steps and reflections), every certification's history
   (state changes, course bookings, guidance and follow-up meetings, review comments), every workbook's
   lists (rules, contacts, own risk factors), every member's collaboration contacts, every activity's
   registrations.
2. N − 1 copies of everything a register lists, each with its own organisations (“Black Box teater (2)”…):
   the organisations with their people, certifications and history, workbooks, course offers and
   enrollments, memberships, fees and payments; and the rows with no organisation: applications, supporting
   members, activities, supplementary figures, board and staff, finance lines, grant applications and their
   scores, advisory inquiries.

What stays as it is: the default content (course, cards, risk factors, texts), years and tiers, the
operator, the audit log, live exercises.
"""

import secrets
from collections.abc import Callable, Iterable

from django.db import models, transaction

from balanse.activities.models import Activity, Registration, SupplementaryEntry
from balanse.advisory.models import Inquiry
from balanse.certification import models as certification
from balanse.communication.models import Entry, SupplementaryCount
from balanse.core.models import User
from balanse.course.models import CourseOffer, Enrollment, Reflection, StepCompletion
from balanse.grants.models import Application as GrantApplication
from balanse.grants.models import Score
from balanse.members.kid import make_kid
from balanse.members.models import Contact, Fee, Member, MembershipApplication, Payment, SupportingMember
from balanse.organisations.models import Invitation, Membership, Organisation
from balanse.report.models import FinanceLine, Position
from balanse.workbook.models import PlanShare, Section, SectionVersion, Workbook

Remap = dict[type[models.Model], dict[int, int]]
Tweak = Callable[[models.Model, int], None]

BATCH = 500


def _copy(row: models.Model) -> models.Model:
    """An unsaved copy of the row; unique fields with a generated default (tokens, uuids) get a new value."""
    model = type(row)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.unique and field.has_default() and callable(field.default):
            values[field.attname] = field.get_default()
        else:
            values[field.attname] = getattr(row, field.attname)
    return model(**values)


def clone(
    rows: Iterable[models.Model],
    remap: Remap,
    k: int,
    tweak: Tweak | None = None,
) -> dict[int, int]:
    """Insert a copy of each row, its foreign keys pointed at the copies in `remap` where there is one
    (a foreign key to its own model at this call's copies); `tweak(copy, k)` keeps unique fields unique.
    Returns {old pk: new pk}; the model's entry in `remap` is extended with it."""
    rows = list(rows)
    if not rows:
        return {}
    model = type(rows[0])
    done = remap.setdefault(model, {})
    keys = [f for f in model._meta.concrete_fields if f.is_relation]
    selves = [f for f in keys if f.related_model is model]
    pending = rows
    made: dict[int, int] = {}
    while pending:
        # A row that points at another row of this call waits until that one is made (e.g. a workbook
        # copied from last year's).
        cloning = {row.pk for row in pending}
        ready = [
            row
            for row in pending
            if all(getattr(row, f.attname) not in cloning or getattr(row, f.attname) in made for f in selves)
        ]
        if not ready:
            raise ValueError(f"{model.__name__}: rows that point at each other in a circle")
        taken = {row.pk for row in ready}
        pending = [row for row in pending if row.pk not in taken]
        copies = []
        for row in ready:
            copy = _copy(row)
            for field in keys:
                old = getattr(row, field.attname)
                target = remap.get(field.related_model, {})
                if old is not None and old in target:
                    setattr(copy, field.attname, target[old])
            if tweak is not None:
                tweak(copy, k)
            copies.append(copy)
        for start in range(0, len(copies), BATCH):
            model.objects.bulk_create(copies[start : start + BATCH])
        for row, copy in zip(ready, copies, strict=True):
            made[row.pk] = copy.pk
            done[row.pk] = copy.pk
    return made


def clone_m2m(field: models.ManyToManyField, remap: Remap) -> None:
    """Copy the through rows of a many-to-many field for the copies in `remap` (both sides remapped)."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    sources = remap.get(field.model, {})
    targets = remap.get(field.related_model, {})
    rows = through.objects.filter(**{f"{source}_id__in": list(sources)})
    through.objects.bulk_create(
        [
            through(
                **{
                    f"{source}_id": sources[getattr(row, f"{source}_id")],
                    f"{target}_id": targets.get(getattr(row, f"{target}_id"), getattr(row, f"{target}_id")),
                }
            )
            for row in rows
        ],
        batch_size=BATCH,
    )


def _suffix(field: str) -> Tweak:
    def tweak(copy, k):
        value = getattr(copy, field)
        if value:
            ending = f" ({k})"
            setattr(copy, field, value[: type(copy)._meta.get_field(field).max_length - len(ending)] + ending)

    return tweak


def _email(prefix: str) -> Tweak:
    def tweak(copy, k):
        if copy.email:
            copy.email = f"{prefix}{k}.{copy.email}"

    return tweak


def _user(prefix: str) -> Tweak:
    def tweak(copy, k):
        copy.email = f"{prefix}{k}.{copy.email}"
        copy.last_login = None

    return tweak


def _organisation(copy, k):
    copy.name = f"{copy.name} ({k})"
    copy.org_number = ""  # unique when set (the demo's organisations have none)


def _certification(copy, k):
    if copy.certificate_number:
        copy.certificate_number = f"{copy.certificate_number}-{k}"
    copy.status_list_index = None


def _token_hash(copy, k):
    copy.token_hash = secrets.token_hex(32)


def _inquiry(copy, k):
    if copy.ref:
        copy.ref = f"{copy.ref}-{k}"


def _fee(copy, k):
    if copy.kid:  # the KID is made of the year and the member's number
        copy.kid = make_kid(year=copy.year, member_number=copy.member_id)


def _payment(kids: dict[int, str]) -> Tweak:
    def tweak(copy, k):
        copy.reference = f"{copy.reference}:{k}"
        if copy.fee_id in kids:
            copy.kid = kids[copy.fee_id]

    return tweak


def _activity(copy, k):
    copy.exercise_session_id = None


def _rows(model: type[models.Model], last: dict, **filters) -> list[models.Model]:
    """The rows there were before this step (`last` holds each model's highest pk then)."""
    return list(model.objects.filter(pk__lte=last[model], **filters).order_by("pk"))


def _owned(rows: list[models.Model], field: str, remap: Remap) -> list[models.Model]:
    """The rows whose `field` points at a row that has a copy in `remap`."""
    target = remap.get(type(rows[0])._meta.get_field(field).related_model, {}) if rows else {}
    return [row for row in rows if getattr(row, f"{field}_id") in target]


def _people() -> list[User]:
    """Everyone who belongs to an organisation (a membership or a course enrollment), not the staff."""
    return list(
        User.objects.filter(is_staff=False)
        .filter(models.Q(memberships__isnull=False) | models.Q(enrollments__isnull=False))
        .distinct()
        .order_by("pk")
    )


HISTORY = (
    certification.StateChange,
    certification.CourseBooking,
    certification.GuidanceMeeting,
    certification.FollowUpMeeting,
    certification.ReviewComment,
    Contact,
)


def _grow_in_place(factor: int) -> None:
    last = _highest_pks()
    people = _people()
    for k in range(2, factor + 1):
        remap: Remap = {}
        clone(people, remap, k, _user("p"))
        for model in (Membership, Enrollment, StepCompletion, Reflection):
            clone(_owned(_rows(model, last), "user", remap), remap, k)
        for model in HISTORY:
            clone(_rows(model, last), remap, k)
        clone(_rows(Registration, last), remap, k, _email("r"))
    for section in Section.objects.all():
        if isinstance(section.data, dict):
            grown = {
                key: value * factor if isinstance(value, list) else value
                for key, value in section.data.items()
            }
            if grown != section.data:
                Section.objects.filter(pk=section.pk).update(data=grown)


def _copy_registers(factor: int) -> None:
    last = _highest_pks()
    for k in range(2, factor + 1):
        remap: Remap = {}
        clone(_people(), remap, k, _user("c"))
        clone(_rows(Organisation, last), remap, k, _organisation)
        clone_m2m(Organisation._meta.get_field("art_fields"), remap)
        owned_by_organisation = [
            (Membership, None),
            (Invitation, _token_hash),
            (certification.Certification, _certification),
            (PlanShare, _token_hash),
            (CourseOffer, None),
            (Enrollment, None),
            (Member, None),
        ]
        for model, tweak in owned_by_organisation:
            clone(_owned(_rows(model, last), "organisation", remap), remap, k, tweak)
        for model in (
            certification.Period,
            certification.StateChange,
            certification.CourseBooking,
            certification.GuidanceMeeting,
            certification.FollowUpMeeting,
            certification.ChecklistItem,
            certification.ReviewComment,
            certification.ReviewDraft,
            certification.Application,
            Workbook,
        ):
            clone(_owned(_rows(model, last), "certification", remap), remap, k)
        clone(_owned(_rows(certification.Reminder, last), "period", remap), remap, k)
        clone(_owned(_rows(Section, last), "workbook", remap), remap, k)
        clone(_owned(_rows(SectionVersion, last), "section", remap), remap, k)
        for model in (StepCompletion, Reflection):
            clone(_owned(_rows(model, last), "user", remap), remap, k)
        clone(_owned(_rows(Contact, last), "member", remap), remap, k)
        fees = clone(_owned(_rows(Fee, last), "member", remap), remap, k, _fee)
        kids = dict(Fee.objects.filter(pk__in=fees.values()).values_list("pk", "kid"))
        clone(_rows(Payment, last), remap, k, _payment(kids))
        clone(_rows(certification.MarkRequest, last), remap, k, _suffix("organisation_name"))
        clone(_rows(MembershipApplication, last), remap, k, _suffix("name"))
        clone(_rows(SupportingMember, last), remap, k, _email("c"))
        clone(_rows(Activity, last), remap, k, _activity)
        clone_m2m(Activity._meta.get_field("organisers"), remap)
        clone(_owned(_rows(Registration, last), "activity", remap), remap, k)
        for model in (SupplementaryEntry, Entry, SupplementaryCount, GrantApplication):
            clone(_rows(model, last), remap, k)
        clone(_owned(_rows(Score, last), "application", remap), remap, k)
        clone(_rows(Position, last), remap, k, _suffix("name"))
        clone(_rows(FinanceLine, last), remap, k, _suffix("line"))
        clone(_rows(Inquiry, last), remap, k, _inquiry)


GROWN = (
    Organisation,
    Membership,
    Enrollment,
    StepCompletion,
    certification.Certification,
    certification.StateChange,
    certification.GuidanceMeeting,
    Workbook,
    Member,
    Fee,
    Payment,
    Contact,
    SupportingMember,
    Activity,
    Registration,
    GrantApplication,
    Inquiry,
    FinanceLine,
    Position,
)


def _highest_pks() -> dict:
    models_ = {
        *GROWN,
        *HISTORY,
        User,
        Invitation,
        PlanShare,
        CourseOffer,
        Reflection,
        certification.Period,
        certification.ChecklistItem,
        certification.ReviewDraft,
        certification.Application,
        certification.Reminder,
        certification.MarkRequest,
        Section,
        SectionVersion,
        MembershipApplication,
        SupplementaryEntry,
        Entry,
        SupplementaryCount,
        Score,
    }
    return {model: model.objects.aggregate(m=models.Max("pk"))["m"] or 0 for model in models_}


def counts() -> dict[str, int]:
    """How many rows the grown tables hold ({"organisations.Organisation": 105, …})."""
    return {model._meta.label: model.objects.count() for model in GROWN}


@transaction.atomic
def grow(factor: int) -> dict[str, int]:
    """Make every list N = `factor` times as long (see the module's docstring); returns `counts()`."""
    if factor > 1:
        _grow_in_place(factor)
        _copy_registers(factor)
    return counts()
