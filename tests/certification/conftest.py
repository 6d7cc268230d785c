from datetime import date, timedelta

import pytest
from django.utils import timezone

from balanse.certification import services
from balanse.certification.models import Certification, ChecklistItem

S = Certification.State

# How to reach each state from nothing, by the services (so every test starts from real history).
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


def tick_all(certification) -> None:
    services._ensure_checklist(certification)
    # As the operator's checklist form does: ticking an item changes it (settles a review comment on it).
    ChecklistItem.objects.filter(certification=certification, cycle=certification.cycle).update(
        complete=True, updated=timezone.now()
    )


def run_step(cert, step, operator):
    if step == "book":
        return services.book_course(
            certification=cert,
            by=operator,
            date=date(2026, 3, 2),
            facilitator="Kari Kursholder",
            place="Oslo",
        )
    if step == "held":
        return services.mark_course_held(certification=cert, by=operator, participants=11)
    if step == "tick":
        tick_all(cert)
        return cert
    if step == "submit":
        return services.submit_for_review(certification=cert, by=operator)
    if step == "award":
        return services.award_mark(certification=cert, decided_by=operator)
    if step == "follow_up":
        return services.start_follow_up(certification=cert, by=operator, date=timezone.localdate())
    if step == "expire":
        Certification.objects.filter(pk=cert.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
        cert.refresh_from_db()
        return services.expire(certification=cert, by=None)
    if step == "withdraw":
        return services.withdraw(certification=cert, by=operator, reason="Broke the agreement")
    raise ValueError(step)


@pytest.fixture
def make_certification(operator):
    def _make(organisation, state=S.APPLIED):
        cert = services.apply(organisation=organisation, by=operator)
        for step in PATHS[state]:
            cert = run_step(cert, step, operator)
        cert.refresh_from_db()
        assert cert.state == state
        return cert

    return _make


@pytest.fixture
def anon():
    """A fresh browser-less client (the `client` fixture is the one operator_client logs in)."""
    from django.test import Client

    return Client()
