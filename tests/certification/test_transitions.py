"""Every allowed and every forbidden transition of the lifecycle, parametrised over the table."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from balanse.certification import services
from balanse.certification.models import Certification, ReviewComment, StateChange
from balanse.certification.services import ALLOWED, TransitionError
from balanse.core.models import AuditEntry
from tests.certification.conftest import tick_all

S = Certification.State
ALL_PAIRS = [(a, b) for a in S.values for b in S.values]
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in ALLOWED]

pytestmark = pytest.mark.django_db


def _details(step: str, cert) -> dict:
    today = timezone.localdate()
    if step == "book_course":
        return {"date": date(2026, 3, 2), "facilitator": "Kari", "place": "Oslo"}
    if step == "send_back":
        return {"comments": {"rules": "The rules need a line on alcohol."}}
    if step == "start_follow_up":
        return {"date": today}
    if step == "expire":
        Certification.objects.filter(pk=cert.pk).update(valid_until=today - timedelta(days=1))
        return {}
    if step in ("submit_for_review", "renew"):
        tick_all(cert)
    return {}


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_transition_allowed_moves_records_history_and_audit(
    from_state, to_state, organisation, operator, make_certification
):
    cert = make_certification(organisation, from_state)
    step = ALLOWED[(from_state, to_state)]
    details = _details(step, cert)
    before_changes = StateChange.objects.count()
    result = services.transition(certification=cert, to_state=to_state, by=operator, reason="why", **details)
    result.refresh_from_db()
    assert result.state == to_state
    last = StateChange.objects.filter(certification=result).last()
    assert StateChange.objects.count() > before_changes
    assert (last.to_state, last.by, last.reason) == (to_state, operator, "why")
    expected_action = "certification.applied" if step == "restart" else f"certification.{step}"
    assert AuditEntry.objects.filter(action=expected_action, actor=operator).exists()
    if step == "restart":
        assert result.pk != cert.pk
        assert Certification.objects.current_for(organisation) == result


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_transition_forbidden_raises_and_changes_nothing(
    from_state, to_state, organisation, operator, make_certification
):
    cert = make_certification(organisation, from_state)
    updated = cert.updated
    changes = StateChange.objects.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(TransitionError) as exc:
        services.transition(certification=cert, to_state=to_state, by=operator)
    assert exc.value.code == "not_allowed"
    cert.refresh_from_db()
    assert (cert.state, cert.updated) == (from_state, updated)
    assert StateChange.objects.count() == changes
    assert AuditEntry.objects.count() == audits


def test_transition_unknown_state_is_refused(organisation, operator, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    with pytest.raises(TransitionError):
        services.transition(certification=cert, to_state="nonsense", by=operator)


def test_submit_for_review_refused_while_a_measure_is_missing(organisation, operator, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    with pytest.raises(TransitionError) as exc:
        services.submit_for_review(certification=cert, by=operator)
    assert exc.value.code == "incomplete"
    cert.refresh_from_db()
    assert cert.state == S.MEASURES


def test_submit_for_review_twice_second_is_refused(organisation, org_admin, make_certification):
    cert = make_certification(organisation, S.MEASURES)
    tick_all(cert)
    services.submit_for_review(certification=cert, by=org_admin)
    with pytest.raises(TransitionError) as exc:
        services.submit_for_review(certification=cert, by=org_admin)
    assert exc.value.code == "not_allowed"
    assert StateChange.objects.filter(certification=cert, to_state=S.IN_REVIEW).count() == 1


def test_stale_version_is_refused(organisation, operator, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    stale = cert.version
    Certification.objects.get(pk=cert.pk).save()  # someone else saved in between
    with pytest.raises(TransitionError) as exc:
        services.book_course(
            certification=cert,
            by=operator,
            date=date(2026, 1, 5),
            facilitator="Kari",
            place="Oslo",
            version=stale,
        )
    assert exc.value.code == "stale"
    cert.refresh_from_db()
    assert cert.state == S.APPLIED
    assert cert.courses.count() == 0


def test_book_course_needs_place_or_video_link(organisation, operator, make_certification):
    cert = make_certification(organisation, S.APPLIED)
    with pytest.raises(TransitionError):
        services.book_course(certification=cert, by=operator, date=date(2026, 1, 5), facilitator="Kari")
    cert.refresh_from_db()
    assert cert.state == S.APPLIED


def test_send_back_needs_a_comment_and_stores_comments_per_item(organisation, operator, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    with pytest.raises(TransitionError):
        services.send_back(certification=cert, by=operator, comments={"rules": "  "})
    services.send_back(certification=cert, by=operator, comments={"rules": "Add alcohol.", "routines": ""})
    cert.refresh_from_db()
    assert cert.state == S.MEASURES
    assert list(ReviewComment.objects.values_list("requirement_key", "text", "cycle")) == [
        ("rules", "Add alcohol.", 1)
    ]


def test_award_mark_sets_number_and_one_year_period(organisation, operator, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    services.award_mark(certification=cert, decided_by=operator, valid_from=date(2026, 3, 1))
    cert.refresh_from_db()
    assert cert.certificate_number == "BM-2026-001"
    assert (cert.valid_from, cert.valid_until) == (date(2026, 3, 1), date(2027, 2, 28))
    period = cert.periods.get()
    assert (period.cycle, period.decided_by) == (1, operator)


def test_award_numbers_increase_within_a_year(operator, make_certification):
    from tests.factories import OrganisationFactory

    first = make_certification(OrganisationFactory(), S.CERTIFIED)
    second = make_certification(OrganisationFactory(), S.CERTIFIED)
    year = timezone.localdate().year
    assert (first.certificate_number, second.certificate_number) == (f"BM-{year}-001", f"BM-{year}-002")


def test_renewal_keeps_number_adds_period_and_copies_checklist(organisation, operator, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    number, until = cert.certificate_number, cert.valid_until
    services.start_follow_up(certification=cert, by=operator, date=timezone.localdate(), notes="Good year")
    cert.refresh_from_db()
    assert cert.cycle == 2
    assert cert.checklist.filter(cycle=2, complete=True).count() == 7
    services.renew(certification=cert, decided_by=operator)
    cert.refresh_from_db()
    assert cert.state == S.CERTIFIED
    assert cert.certificate_number == number
    assert cert.valid_from == until + timedelta(days=1)
    assert list(cert.periods.values_list("cycle", flat=True)) == [1, 2]


def test_early_renewal_keeps_the_mark_valid_and_listed(organisation, operator, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    services.start_follow_up(certification=cert, by=operator, date=timezone.localdate(), notes="Early")
    services.renew(certification=cert, decided_by=operator)
    cert.refresh_from_db()
    assert cert.valid_from > timezone.localdate()  # the new period starts after the current one
    assert cert.has_valid_mark
    assert list(Certification.objects.holding_mark()) == [cert]


def test_withdraw_needs_reason(organisation, operator, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    with pytest.raises(TransitionError):
        services.withdraw(certification=cert, by=operator, reason=" ")
    services.withdraw(certification=cert, by=operator, reason="Serious breach")
    cert.refresh_from_db()
    assert (cert.state, cert.withdrawn_reason, cert.public_status()) == (
        S.WITHDRAWN,
        "Serious breach",
        "withdrawn",
    )


def test_expire_refused_while_mark_still_valid(organisation, operator, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    with pytest.raises(TransitionError) as exc:
        services.expire(certification=cert, by=operator)
    assert exc.value.code == "still_valid"


def test_apply_twice_is_refused(organisation, org_admin):
    services.apply(organisation=organisation, by=org_admin)
    with pytest.raises(TransitionError) as exc:
        services.apply(organisation=organisation, by=org_admin)
    assert exc.value.code == "exists"
    assert Certification.objects.filter(organisation=organisation).count() == 1


def test_current_for_ignores_ended_certifications(organisation, operator, make_certification):
    cert = make_certification(organisation, S.WITHDRAWN)
    assert Certification.objects.current_for(organisation) is None
    new = services.apply(organisation=organisation, by=operator)
    assert Certification.objects.current_for(organisation) == new
    assert cert.pk != new.pk


def test_cycle_started_signal_is_sent(organisation, operator, make_certification):
    from balanse.certification.signals import cycle_started

    calls = []

    def listener(sender, *, certification, previous_cycle, **kwargs):
        calls.append((certification.cycle, previous_cycle))

    cycle_started.connect(listener)
    try:
        cert = make_certification(organisation, S.CERTIFIED)
        services.start_follow_up(certification=cert, by=operator, date=timezone.localdate())
    finally:
        cycle_started.disconnect(listener)
    assert calls == [(2, 1)]
