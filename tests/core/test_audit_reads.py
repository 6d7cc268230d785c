"""An object's latest audit entries (core.audit.latest_entries_for), read by SQL compiled once: the first of
`entries_for(obj)`, newest first, each with who made it, and nothing about another object or another kind of
object with the same key."""

import pytest

from balanse.core import compiled
from balanse.core.audit import entries_for, latest_entries_for, record
from tests.factories import OperatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_latest_entries_are_the_first_of_entries_for():
    compiled.forget()
    operator, organisation, other = OperatorFactory(), OrganisationFactory(), OrganisationFactory()
    person = UserFactory()
    for number in range(4):
        record(actor=operator if number % 2 else None, action=f"test.{number}", obj=organisation)
    record(actor=operator, action="test.other", obj=other)
    record(
        actor=operator, action="test.person", obj=person
    )  # another kind of object (its key may be the same)
    for limit in (1, 3, 10):
        found = latest_entries_for(organisation, limit)
        expected = list(entries_for(organisation)[:limit])
        assert found == expected and len(found) == min(limit, 4)
        assert [entry.actor for entry in found] == [entry.actor for entry in expected]
    assert [entry.action for entry in latest_entries_for(organisation, 10)] == [
        "test.3",
        "test.2",
        "test.1",
        "test.0",
    ]
    assert [entry.action for entry in latest_entries_for(other, 10)] == ["test.other"]
    assert [entry.action for entry in latest_entries_for(person, 10)] == ["test.person"]
