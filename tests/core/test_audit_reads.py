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


def test_a_details_key_reads_as_djangos_key_text_and_is_written_into_the_sql():
    """`DetailText("section")` reads what `KT("details__section")` reads, with the key in the SQL (so a
    statement prepared once still matches the log's index on that expression); a key that is not a plain
    name is refused before any SQL is written."""
    from django.db.models.fields.json import KT

    from balanse.core.models import AuditEntry, DetailText

    organisation = OrganisationFactory()
    for details in (
        {"section": "rules"},
        {"section": "routines", "measure": "rules"},
        {"measure": "rules"},
        {"section": "Rules"},
        {"section": "rules'; --"},
        {},
    ):
        record(actor=None, action="test.detail", obj=organisation, **details)
    for key in ("section", "measure"):
        ours = AuditEntry.objects.annotate(value=DetailText(key)).filter(value="rules")
        expected = [e.pk for e in AuditEntry.objects.all() if e.details.get(key) == "rules"]
        assert sorted(e.pk for e in ours) == sorted(expected)
        texts = AuditEntry.objects.annotate(ours=DetailText(key), django=KT(f"details__{key}"))
        assert all(e.ours == e.django for e in texts)
        assert len(ours) == (1 if key == "section" else 2)
        sql, params = ours.query.sql_with_params()
        assert f"'{key}'" in sql or f"'$.{key}'" in sql
        assert key not in params and "rules" in params
    for hostile in ("section'); DROP TABLE core_auditentry; --", "Section", "", "a.b", "measure\n"):
        with pytest.raises(ValueError):
            DetailText(hostile)
