"""The register of personal data: coverage, retention, the data download, account deletion and erasure."""

import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from balanse.core import privacy, services
from balanse.core.audit import record
from balanse.core.models import AuditEntry, User
from balanse.organisations.models import Invitation, Membership, Role
from tests.factories import OrganisationFactory, make_org_admin, make_org_member

pytestmark = pytest.mark.django_db


def user_links() -> set[tuple[str, str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    }


def test_every_link_to_a_person_is_declared():
    """A new model with a user link fails here until its app declares it (and so puts it in the download)."""
    declared = {
        (entry.model._meta.label, name)
        for entry in privacy.declarations()
        for name in privacy.user_links(entry)
    }
    assert user_links() - declared == set()


def test_every_declaration_says_why_how_and_how_long():
    for entry in privacy.declarations():
        assert entry.legal_basis in privacy.LEGAL_BASIS_LABELS, entry.model
        assert str(entry.retention) and str(entry.purpose) and str(entry.categories), entry.model
        assert (entry.expires is None) == (entry.retention_period is None), entry.model


def old(model, pk, **fields):
    model.objects.filter(pk=pk).update(**fields)


def test_retention_deletes_only_what_is_past_its_period_and_is_idempotent(organisation, operator):
    now = timezone.now()
    admin = make_org_admin(organisation)
    fresh = Invitation.objects.create(
        organisation=organisation,
        email="ny@example.org",
        token_hash="a" * 64,
        expires_at=now + timedelta(days=3),
    )
    stale = Invitation.objects.create(
        organisation=organisation,
        email="gammel@example.org",
        token_hash="b" * 64,
        expires_at=now - timedelta(days=31),
    )
    just_expired = Invitation.objects.create(
        organisation=organisation,
        email="nylig@example.org",
        token_hash="c" * 64,
        expires_at=now - timedelta(days=2),
    )
    recent = record(actor=admin, action="test.recent", obj=organisation)
    ancient = record(actor=admin, action="test.ancient", obj=organisation)
    old(AuditEntry, ancient.pk, at=now - timedelta(days=settings.AUDIT_RETENTION_DAYS + 1))

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert set(Invitation.objects.values_list("pk", flat=True)) == {fresh.pk, just_expired.pk}
    assert not Invitation.objects.filter(pk=stale.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert not AuditEntry.objects.filter(pk=ancient.pk).exists()
    assert "organisations.Invitation: 1" in out.getvalue()
    second = StringIO()
    call_command("apply_retention", stdout=second)
    assert "organisations.Invitation: 0" in second.getvalue()
    assert "core.AuditEntry: 0" in second.getvalue()


def test_retention_keeps_the_years_figures():
    """Names are erased from the demo's old payments and applications; every year's figures stay the same."""
    from balanse.core.signals import annual_figures_requested, collect
    from balanse.members.models import Payment

    call_command("load_demo", stdout=StringIO())
    Payment.objects.update(payer="Ola Nordmann", message="kontingent")
    years = range(2019, timezone.localdate().year + 1)
    with time_machine.travel(timezone.now() + timedelta(days=6 * 366)):
        before = {year: collect(annual_figures_requested, year=year) for year in years}
        results = {result.label: result.count for result in services.apply_retention()}
        assert results["core.AuditEntry"] > 0
        assert results["members.Payment"] == Payment.objects.count() > 0
        assert not Payment.objects.exclude(payer="").exists()
        assert {year: collect(annual_figures_requested, year=year) for year in years} == before
        assert sum(result.count for result in services.apply_retention()) == 0


def test_download_has_the_persons_data_from_every_app(organisation):
    member = make_org_member(organisation)
    record(actor=member, action="test.done", obj=organisation)
    data = services.personal_data(user=member)
    models_in = {section["model"] for section in data["registers"]}
    assert {"core.User", "organisations.Membership", "core.AuditEntry"} <= models_in
    text = json.dumps(data)
    assert member.email in text
    assert "password" not in text


def test_account_deletion_ends_memberships_and_pseudonymises_the_audit_log(organisation):
    make_org_admin(organisation)
    member = make_org_member(organisation, user__full_name="Kari Nordmann")
    entry = record(actor=member, action="test.done", obj=Membership.objects.get(user=member))
    notes = services.deletion_notes(member)
    assert any(organisation.name in note.text for note in notes)
    assert not any(note.blocking for note in notes)

    alias = services.delete_account(user=member, by=member)

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_pseudonym == alias
    assert "Kari Nordmann" not in entry.object_repr
    assert not AuditEntry.objects.filter(object_repr__icontains="Kari Nordmann").exists()
    assert AuditEntry.objects.filter(action="account.deleted", object_repr=alias).exists()


def test_the_last_admin_cannot_delete_the_account(organisation):
    admin = make_org_admin(organisation)
    with pytest.raises(services.DeletionRefused, match="siste administrator"):
        services.delete_account(user=admin, by=admin)
    assert User.objects.filter(pk=admin.pk).exists()
    second = make_org_member(organisation)
    Membership.objects.filter(user=second).update(role=Role.ADMIN)
    services.delete_account(user=admin, by=admin)
    assert not User.objects.filter(pk=admin.pk).exists()


def test_operator_erases_everything_about_an_address(operator):
    from balanse.members.models import SupportingMember

    organisation = OrganisationFactory()
    Invitation.objects.create(
        organisation=organisation, email="Ola@Example.org", token_hash="d" * 64, expires_at=timezone.now()
    )
    SupportingMember.objects.create(name="Ola", email="ola@example.org", joined=timezone.localdate())
    found = {entry.model._meta.label for entry, _count in services.matches(email="OLA@example.org")}
    assert found == {"organisations.Invitation", "members.SupportingMember"}

    result = services.erase_person(email="ola@example.org", by=operator)

    assert not Invitation.objects.filter(email__iexact="ola@example.org").exists()
    assert not SupportingMember.objects.filter(email__iexact="ola@example.org").exists()
    assert services.matches(email="ola@example.org") == []
    assert AuditEntry.objects.filter(action="personal_data.erased", actor=operator).exists()
    assert "ola@example.org" not in json.dumps(list(AuditEntry.objects.values("details", "object_repr")))
    assert not result.account_deleted


def test_the_counts_of_a_persons_data_show_every_new_row_at_once(operator):
    """The registers' counts are kept until a register changes, the account's own (the log) counted each time:
    a second look reads no register, and a new row of either kind shows at once."""
    from django.test.utils import CaptureQueriesContext

    from balanse.members.models import SupportingMember

    def counts():
        return {entry.model._meta.label: n for entry, n in services.matches(email=operator.email)}

    SupportingMember.objects.create(name="Drift", email=operator.email, joined=timezone.localdate())
    before = counts()
    with CaptureQueriesContext(connection) as captured:
        assert counts() == before
    assert not any("members_supportingmember" in query["sql"] for query in captured.captured_queries)
    assert any("core_auditentry" in query["sql"] for query in captured.captured_queries)
    SupportingMember.objects.create(
        name="Drift igjen", email=operator.email.upper(), joined=timezone.localdate()
    )
    record(actor=operator, action="test.seen", obj=operator)
    after = counts()
    assert after["members.SupportingMember"] == before["members.SupportingMember"] + 1 == 2
    assert after["core.AuditEntry"] == before.get("core.AuditEntry", 0) + 1


def test_the_download_of_each_person_in_the_demo_has_their_rows_of_every_register(settings, tmp_path):
    """For every declared link to a person that the demo fills, the linked person's download holds the row."""
    settings.CREDENTIAL_KEY_PATH = tmp_path / "keys" / "issuer.pem"
    call_command("load_demo", stdout=StringIO())
    checked = set()
    for entry in privacy.declarations():
        for name in privacy.user_links(entry):
            if name == "pk":
                continue
            row = entry.model._default_manager.exclude(**{f"{name}__isnull": True}).first()
            if row is None:
                continue
            person = getattr(row, name)
            data = services.personal_data(user=person)
            rows = [r["id"] for s in data["registers"] if s["model"] == entry.label for r in s["rows"]]
            assert services._plain(row.pk) in rows, (entry.label, name)
            checked.add(entry.model._meta.app_label)
    assert {"core", "organisations", "certification", "course", "workbook"} <= checked


@pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "sqlite",
    reason="SQLite's query plans",
)
def test_the_deletion_page_finds_the_other_staff_and_admins_by_index(operator, organisation):
    """Is someone else left to run the platform, or the organisation? Asked of an index holding only the staff,
    and of the organisation's administrators: the answer does not read every account or every member."""
    from django.test.utils import CaptureQueriesContext

    admin = make_org_admin(organisation)
    for user in (operator, admin):
        with CaptureQueriesContext(connection) as captured:
            services.deletion_notes(user)
        plans = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                plans.append(" ".join(row[3] for row in cursor.fetchall()))
        assert not any("SCAN core_user" in plan for plan in plans), plans
        assert any("core_user_staff" in plan for plan in plans) == (user == operator), plans
        assert any("membership_org_role" in plan for plan in plans) == (user == admin), plans
