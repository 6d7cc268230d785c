"""The participant cap holds when many phones join at the same moment (issue 9, finding 10)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from balanse.exercise import services
from balanse.exercise.models import Participant

CAP = 3
PHONES = 24


@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_never_pass_the_participant_cap(organisation, org_admin):
    template = services.default_template()
    session = services.start_session(
        by=org_admin, template=template, organisation=organisation, participant_cap=CAP
    )
    barrier = threading.Barrier(PHONES)
    outcomes: list[str] = []
    lock = threading.Lock()

    def phone():
        try:
            barrier.wait(timeout=10)
            try:
                services.join(session=session)
                outcome = "joined"
            except ValidationError as exc:
                outcome = exc.messages[0]
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=phone) for _ in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == PHONES
    assert outcomes.count("joined") == CAP
    assert outcomes.count("Denne økta er full.") == PHONES - CAP
    assert Participant.objects.filter(session=session).count() == CAP


@pytest.mark.django_db
def test_join_after_the_cap_is_refused_with_a_message(exercise_session):
    exercise_session.participant_cap = 2
    exercise_session.save(update_fields=["participant_cap"])
    services.join(session=exercise_session)
    services.join(session=exercise_session)
    with pytest.raises(ValidationError) as exc:
        services.join(session=exercise_session)
    assert exc.value.messages == ["Denne økta er full."]
    assert Participant.objects.filter(session=exercise_session).count() == 2
