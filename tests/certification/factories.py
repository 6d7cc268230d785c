"""Factories for Balansemerket. A certification and everything that hangs on it (booking, periods, history,
checklist, comments, follow-up meetings) is made by the services, walking the same steps the operator takes,
so every object comes with the history and audit entries the site would have."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from balanse.certification import requests, services
from balanse.certification.credentials import keys, rotation
from balanse.certification.models import (
    Application,
    Certification,
    ChecklistItem,
    ChecklistKey,
    CourseBooking,
    CredentialKey,
    FollowUpMeeting,
    GuidanceMeeting,
    MarkRequest,
    Period,
    Reminder,
    ReviewComment,
    ReviewDraft,
    SchemeSettings,
    StateChange,
    YearTarget,
)
from tests.core.factories import ValidatedFactory
from tests.factories import OperatorFactory, OrganisationFactory

S = Certification.State

# The steps from an application to each state (the same way the operator goes).
PATHS = {
    S.APPLIED: [],
    S.COURSE: ["book"],
    S.MEASURES: ["book", "held"],
    S.IN_REVIEW: ["book", "held", "tick", "submit"],
    S.CERTIFIED: ["book", "held", "tick", "submit", "award"],
    S.FOLLOW_UP: ["book", "held", "tick", "submit", "award", "follow_up"],
    S.EXPIRED: ["book", "held", "tick", "submit", "award", "expire"],
    S.WITHDRAWN: ["withdraw"],
}


def _step(cert: Certification, step: str, by) -> Certification:
    if step == "book":
        return services.book_course(
            certification=cert, by=by, date=date(2026, 3, 2), facilitator="Kari Kursholder", place="Oslo"
        )
    if step == "held":
        return services.mark_course_held(certification=cert, by=by, participants=11)
    if step == "tick":
        items = ChecklistItem.objects.filter(certification=cert, cycle=cert.cycle)
        services.update_checklist(
            certification=cert, by=by, complete={item.key: True for item in items}, notes={}
        )
        cert.refresh_from_db()
        return cert
    if step == "submit":
        return services.submit_for_review(certification=cert, by=by)
    if step == "award":
        return services.award_mark(certification=cert, decided_by=by)
    if step == "follow_up":
        return services.start_follow_up(certification=cert, by=by, date=timezone.localdate())
    if step == "expire":
        return services.expire(certification=cert, by=by, force=True)
    if step == "withdraw":
        return services.withdraw(certification=cert, by=by, reason="Brøt avtalen")
    raise ValueError(step)


def advance(cert: Certification, state: str, by) -> Certification:
    """Take an application (state applied) to `state` by the services."""
    for step in PATHS[state]:
        cert = _step(cert, step, by)
    cert.refresh_from_db()
    assert cert.state == state, (cert.state, state)
    return cert


class CertificationFactory(factory.django.DjangoModelFactory):
    """CertificationFactory(state=S.CERTIFIED) → an organisation's mark, reached by the services."""

    class Meta:
        model = Certification

    organisation = factory.SubFactory(OrganisationFactory)
    state = S.APPLIED
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, organisation, state, by):
        return advance(services.apply(organisation=organisation, by=by), state, by)

    @classmethod
    def _build(cls, model_class, *, organisation, state, by):
        return model_class(organisation=organisation, state=state)


class PeriodFactory(factory.django.DjangoModelFactory):
    """The year of a mark: made when the mark is awarded."""

    class Meta:
        model = Period

    certification = factory.SubFactory(CertificationFactory, state=S.CERTIFIED)

    @classmethod
    def _create(cls, model_class, *, certification):
        if certification.state not in (S.CERTIFIED, S.FOLLOW_UP, S.EXPIRED):
            raise ValueError("A period is made by awarding a mark: pass a certified certification")
        return certification.periods.order_by("-cycle").first()


class StateChangeFactory(factory.django.DjangoModelFactory):
    """One step in a certification's history: the factory takes the certification to `to_state`."""

    class Meta:
        model = StateChange

    certification = factory.SubFactory(CertificationFactory)
    to_state = S.COURSE
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, to_state, by):
        steps = PATHS[to_state][len(PATHS[certification.state]) :]
        if PATHS[to_state][: len(PATHS[certification.state])] != PATHS[certification.state]:
            raise ValueError(f"{certification.state} does not lead to {to_state}")
        for step in steps:
            certification = _step(certification, step, by)
        return certification.history.order_by("-at", "-pk").first()


class CourseBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseBooking

    certification = factory.SubFactory(CertificationFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    facilitator = "Kari Kursholder"
    place = "Oslo"
    video_link = ""
    participants = None
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, by, **data):
        cert = services.book_course(certification=certification, by=by, **data)
        return cert.courses.first()


class GuidanceMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceMeeting

    certification = factory.SubFactory(CertificationFactory, state=S.MEASURES)
    date = factory.LazyFunction(timezone.localdate)
    notes = "Gikk gjennom risikokartleggingen."
    next_step = "Skrive regler"
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.log_guidance_meeting(**kwargs)


class FollowUpMeetingFactory(factory.django.DjangoModelFactory):
    """The yearly follow-up meeting, which starts the next cycle of a certified mark."""

    class Meta:
        model = FollowUpMeeting

    certification = factory.SubFactory(CertificationFactory, state=S.CERTIFIED)
    date = factory.LazyFunction(timezone.localdate)
    notes = "Planen er fulgt opp."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, by, date, notes):
        cert = services.start_follow_up(certification=certification, by=by, date=date, notes=notes)
        return cert.follow_ups.get(cycle=cert.cycle)


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    """An item of the interim checklist (made for every measure when the course is held), set by the
    operator's service."""

    class Meta:
        model = ChecklistItem

    certification = factory.SubFactory(CertificationFactory, state=S.MEASURES)
    key = factory.Iterator(ChecklistKey.values)
    complete = True
    note = ""
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, key, complete, note, by):
        items = {
            i.key: i
            for i in ChecklistItem.objects.filter(certification=certification, cycle=certification.cycle)
        }
        done = {k: i.complete for k, i in items.items()} | {key: complete}
        notes = {k: i.note for k, i in items.items()} | {key: note}
        services.update_checklist(certification=certification, by=by, complete=done, notes=notes)
        return ChecklistItem.objects.get(certification=certification, cycle=certification.cycle, key=key)


class ReviewCommentFactory(factory.django.DjangoModelFactory):
    """The operator's comment when a submission is sent back."""

    class Meta:
        model = ReviewComment

    certification = factory.SubFactory(CertificationFactory, state=S.IN_REVIEW)
    requirement_key = ChecklistKey.RULES
    text = "Reglene mangler noe om turné."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, requirement_key, text, by):
        services.send_back(certification=certification, by=by, comments={requirement_key: text})
        return ReviewComment.objects.filter(certification=certification).order_by("-pk").first()


class ReminderFactory(ValidatedFactory):
    """A reminder round recorded for a period (the daily command makes them; see send_due_reminders)."""

    class Meta:
        model = Reminder

    period = factory.SubFactory(PeriodFactory)
    kind = Reminder.Kind.DAYS_60
    recipients = 2


class YearTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearTarget

    year = factory.Sequence(lambda n: 2030 + n)
    target = 40
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.set_year_target(**kwargs)


class CredentialKeyFactory(factory.django.DjangoModelFactory):
    """A signing key: the first one (made on first use), then each further one by a rotation. It writes the
    private key next to settings.CREDENTIAL_KEY_PATH: point that at a temporary folder first."""

    class Meta:
        model = CredentialKey

    compromised = False
    by = None

    @classmethod
    def _create(cls, model_class, *, compromised, by):
        if not CredentialKey.objects.filter(current=True).exists():
            return keys.current_key()
        result = rotation.rotate_key(compromised=compromised, by=by)
        return CredentialKey.objects.get(key_id=result.new_key)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An organisation's application for the mark, with what the operator asks for (services.apply)."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    by = factory.SubFactory(OperatorFactory)
    contact_name = "Kari Kontakt"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@virksomhet.example")
    size = "10-49"
    hopes = "Trygge rutiner for turné."
    preferred_course_time = "En ettermiddag i mars"

    @classmethod
    def _create(cls, model_class, *, organisation, by, **application):
        certification = services.apply(organisation=organisation, by=by, application=application)
        return Application.objects.get(certification=certification)


class MarkRequestFactory(factory.django.DjangoModelFactory):
    """“Vil du ha Balansemerket?” from an organisation without an account (the public form's service)."""

    class Meta:
        model = MarkRequest

    organisation_name = factory.Sequence(lambda n: f"Spørrende scene {n}")
    contact_name = "Per Spør"
    email = factory.Sequence(lambda n: f"spor{n}@scene.example")
    message = "Vi vil gjerne høre mer."

    @classmethod
    def _create(cls, model_class, **data):
        return requests.submit_request(data=data)


class ReviewDraftFactory(factory.django.DjangoModelFactory):
    """A comment the operator has typed during a review but not yet sent (services.save_review_draft)."""

    class Meta:
        model = ReviewDraft

    certification = factory.SubFactory(CertificationFactory, state=S.IN_REVIEW)
    requirement_key = ChecklistKey.RULES
    text = "Utkast: reglene mangler noe om turné."
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, certification, requirement_key, text, by):
        services.save_review_draft(certification=certification, by=by, comments={requirement_key: text})
        return ReviewDraft.objects.get(certification=certification, requirement_key=requirement_key)


class SchemeSettingsFactory(factory.django.DjangoModelFactory):
    """The scheme's one settings row, as the operator sets it (get-or-create: there is only one)."""

    class Meta:
        model = SchemeSettings
        django_get_or_create = ("pk",)

    pk = 1
    response_time = "innen to uker"
    by = factory.SubFactory(OperatorFactory)

    @classmethod
    def _create(cls, model_class, *, response_time, by, **kwargs):
        return requests.set_response_time(by=by, response_time=response_time)

    @classmethod
    def _get_or_create(cls, model_class, *, response_time, by, **kwargs):
        return requests.set_response_time(by=by, response_time=response_time)
