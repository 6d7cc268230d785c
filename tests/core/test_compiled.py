"""Queries built and compiled once per process (balanse.core.compiled), and the per-request queries that use
them: the session, the logged-in account, the staff's second factor and model permissions, the person's roles
and courses. Each answers exactly as the ORM (or Django's and allauth's own code) would."""

from datetime import UTC, date, datetime, timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Count, F, Max, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balanse.core import compiled
from balanse.core.auth_backends import SECOND_FACTOR, AuthenticationBackend, ModelBackend, user_by_pk
from balanse.core.compiled import NotCompilable
from balanse.core.middleware import has_second_factor
from balanse.core.models import Session, User
from balanse.course.queries import is_learner
from balanse.members.models import Payment
from balanse.organisations.queries import roles_of
from tests.factories import OperatorFactory, UserFactory, make_learner, make_org_admin, make_org_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_plans():
    compiled.forget()
    yield
    compiled.forget()


def test_rows_equal_the_querysets_own_with_converted_values_and_build_once():
    from tests.members.factories import PaymentFactory

    first, second = PaymentFactory(), PaymentFactory(amount=150)
    builds = []

    def build(fee_id: int):
        builds.append(fee_id)
        return (
            Payment.objects.filter(fee_id=fee_id)
            .annotate(doubled=F("amount") * 2)
            .values_list("doubled", "booked_on", "amount", "pk")
        )

    for payment in (first, second):
        assert compiled.rows("test.payments", build, fee_id=payment.fee_id) == list(build(payment.fee_id))
    assert len(builds) == 4  # twice for the plan (two sets of stand-ins), twice here for the comparison
    assert builds[0] not in (first.fee_id, second.fee_id) and builds[1] not in (first.fee_id, second.fee_id)
    row = compiled.rows("test.payments", build, fee_id=second.fee_id)[0]
    assert (row[0], row[2]) == (300, 150)
    assert row[1] == second.booked_on  # a date, not SQLite's text


def test_rows_flat_and_a_query_that_never_has_a_row():
    people = UserFactory.create_batch(2)

    def flat(email: str):
        return User.objects.filter(email=email).values_list("is_staff", flat=True)

    assert compiled.rows("test.flat", flat, email=people[0].email) == [False]
    assert compiled.rows("test.flat", flat, email="nobody@example.org") == []
    assert compiled.rows("test.none", lambda pk: User.objects.filter(pk__in=[]).values_list("pk"), pk=1) == []
    with CaptureQueriesContext(connection) as ctx:
        compiled.rows("test.none", lambda pk: User.objects.filter(pk__in=[]).values_list("pk"), pk=2)
    assert ctx.captured_queries == []


def test_each_call_runs_one_query_with_its_own_values():
    people = UserFactory.create_batch(3)

    def build(pk: int):
        return User.objects.filter(pk=pk).values_list("email")

    compiled.rows("test.one", build, pk=people[0].pk)
    with CaptureQueriesContext(connection) as ctx:
        answers = [compiled.rows("test.one", build, pk=person.pk) for person in people]
    assert answers == [[(person.email,)] for person in people]
    assert len(ctx.captured_queries) == 3


def test_refuses_what_cannot_be_run_from_its_sql_alone():
    with pytest.raises(NotCompilable, match="values_list"):
        compiled.rows("test.models", lambda pk: User.objects.filter(pk=pk), pk=1)
    with pytest.raises(NotCompilable, match="email"):
        compiled.rows(
            "test.contains",
            lambda email: User.objects.filter(email__contains=email).values_list("pk"),
            email="a",
        )
    with pytest.raises(NotCompilable, match="only whole numbers, text, dates and moments"):
        compiled.rows(
            "test.date", lambda day: User.objects.filter(date_joined__date=day).values_list("pk"), day=None
        )
    # A date compared with a date-and-time column: the ORM makes a date and time of it, so it is not found.
    with pytest.warns(RuntimeWarning, match="naive"), pytest.raises(NotCompilable, match="day"):
        compiled.rows(
            "test.datetime",
            lambda day: User.objects.filter(date_joined__gte=day).values_list("pk"),
            day=date(2026, 1, 1),
        )


def test_dates_go_in_as_their_columns_value_and_only_dates():
    from tests.members.factories import PaymentFactory

    early, late = PaymentFactory(booked_on=date(2026, 1, 10)), PaymentFactory(booked_on=date(2026, 3, 1))

    def build(day: date):
        return Payment.objects.filter(booked_on__gte=day).order_by("booked_on").values_list("pk", "booked_on")

    for day in (date(2025, 12, 31), date(2026, 1, 10), date(2026, 2, 1), date(2026, 3, 2)):
        assert compiled.rows("test.booked", build, day=day) == list(build(day))
    assert compiled.rows("test.booked", build, day=date(2026, 1, 11)) == [(late.pk, late.booked_on)]
    assert early.pk in dict(compiled.rows("test.booked", build, day=date(2026, 1, 10)))
    with pytest.raises(NotCompilable, match="day"):  # a date and time is not a date
        compiled.rows("test.booked", build, day=datetime(2026, 1, 1, tzinfo=UTC))


def test_moments_go_in_as_their_columns_value_in_any_time_zone_and_only_moments():
    from zoneinfo import ZoneInfo

    from tests.members.factories import PaymentFactory

    oslo = ZoneInfo("Europe/Oslo")
    first = UserFactory(date_joined=datetime(2026, 3, 29, 0, 30, tzinfo=UTC))  # the night clocks go forward
    second = UserFactory(date_joined=datetime(2026, 3, 29, 1, 30, tzinfo=UTC))

    def build(since: datetime):
        return (
            User.objects.filter(date_joined__gte=since, pk__in=[first.pk, second.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    for since in (
        datetime(2026, 3, 29, 1, 0, tzinfo=oslo),  # 00:00 UTC
        datetime(2026, 3, 29, 3, 30, tzinfo=oslo),  # 01:30 UTC, summer time
        datetime(2026, 3, 29, 1, 0, 1, tzinfo=UTC),
        timezone.now(),
    ):
        assert compiled.rows("test.joined", build, since=since) == list(build(since))
    assert compiled.rows("test.joined", build, since=datetime(2026, 3, 29, 2, 0, tzinfo=oslo)) == [second.pk]
    with pytest.raises(NotCompilable, match="since"):  # a date is not a moment
        compiled.rows("test.joined", build, since=date(2026, 3, 29))
    with pytest.raises(NotCompilable, match="time zone"):  # a moment must say where
        compiled.rows("test.joined.naive", build, since=datetime(2026, 3, 29, 1, 0))
    PaymentFactory(booked_on=date(2026, 1, 10))
    with pytest.raises(NotCompilable, match="day"):  # a moment compared with a date column is made a date
        compiled.rows(
            "test.booked.moment",
            lambda day: Payment.objects.filter(booked_on__gte=day).values_list("pk"),
            day=datetime(2026, 1, 1, 12, tzinfo=UTC),
        )


@pytest.mark.parametrize("value", [2**15, 2**31, 2**63, 2**70, -(2**70)])
def test_a_whole_number_beyond_what_the_driver_takes_is_asked_through_the_orm(value):
    """A number typed into an address (/virksomhet/99999999999999999999/) fits no column: SQLite's driver fails
    on one past 64 bits and PostgreSQL's on one past its column's type, so it is asked through the ORM, which
    answers as the column could hold no such value."""
    from balanse.organisations.models import Organisation

    Organisation.objects.create(name="Lag", member_since=2020)

    def by_pk(pk):
        return Organisation.objects.filter(pk=pk).values_list("name")

    def since(year):
        return Organisation.objects.filter(member_since__lte=year).values_list("name")

    assert compiled.rows("test.by_pk", by_pk, pk=1) == list(by_pk(1))
    assert compiled.rows("test.by_pk", by_pk, pk=value) == [] == list(by_pk(value))
    assert compiled.rows("test.since", since, year=2030) == [("Lag",)]
    assert compiled.rows("test.since", since, year=value) == list(since(value))


def test_many_values_of_one_kind_each_get_their_own_stand_in():
    people = UserFactory.create_batch(12)
    wanted = {f"person{index}": person.pk for index, person in enumerate(people)}

    def build(**pks: int):
        return User.objects.filter(pk__in=list(pks.values())).order_by("pk").values_list("pk", flat=True)

    assert compiled.rows(("test.in", 12), build, **wanted) == sorted(wanted.values())
    other = dict(zip(wanted, reversed(list(wanted.values())), strict=True))
    assert compiled.rows(("test.in", 12), build, **other) == sorted(wanted.values())


def test_a_value_that_shapes_the_sql_is_refused():
    """Two sets of stand-ins must give the same SQL: a value that decides a LIMIT (written into the SQL, not a
    parameter) does not."""
    with pytest.raises(NotCompilable, match="not the same"):
        compiled.rows("test.shape", lambda pk: User.objects.filter(pk=pk).values_list("pk")[: pk % 7], pk=1)


def test_a_value_of_another_kind_is_refused_at_every_call():
    """None would be `IS NULL` in the ORM, not `= NULL`: refused, never run."""

    def build(email: str):
        return User.objects.filter(email=email).values_list("pk")

    compiled.rows("test.kind", build, email="kari@example.org")
    for wrong in (None, True, 1.5, 7):
        with pytest.raises(NotCompilable, match="email"):
            compiled.rows("test.kind", build, email=wrong)


def test_values_list_with_an_annotation_named_first_keeps_the_order_asked_for():
    person = make_org_admin()

    def build(pk: int):
        return (
            User.objects.filter(pk=pk).annotate(n=Count("memberships")).values_list("n", "email", named=False)
        )

    assert compiled.rows("test.order", build, pk=person.pk) == list(build(person.pk)) == [(1, person.email)]


def test_instance_is_the_models_own_row():
    person = UserFactory(full_name="Kari Nordmann")
    found = compiled.instance("test.user", User, lambda pk: User.objects.filter(pk=pk), pk=person.pk)
    assert found == person and found.full_name == "Kari Nordmann"
    assert found.date_joined == User.objects.get(pk=person.pk).date_joined
    assert not found._state.adding
    assert compiled.instance("test.user", User, lambda pk: User.objects.filter(pk=pk), pk=0) is None
    UserFactory(full_name="Kari Nordmann")
    with pytest.raises(User.MultipleObjectsReturned):
        compiled.instance(
            "test.many", User, lambda name: User.objects.filter(full_name=name), name="Kari Nordmann"
        )


def test_session_store_reads_a_live_session_and_not_an_expired_one(client):
    person = UserFactory()
    client.force_login(person)
    assert settings.SESSION_ENGINE == "balanse.core.sessions"
    assert client.get("/konto/mine-data/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/konto/mine-data/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_backends_read_the_active_account_only():
    person, gone = UserFactory(), UserFactory(is_active=False)
    for backend in (ModelBackend(), AuthenticationBackend()):
        assert backend.get_user(person.pk) == person
        assert backend.get_user(gone.pk) is None
        assert backend.get_user(0) is None
    assert user_by_pk(gone.pk) == gone


def test_a_logged_in_page_reads_session_and_account_as_before(client):
    person = make_org_member()
    client.force_login(person, backend="balanse.core.auth_backends.ModelBackend")
    response = client.get("/konto/mine-data/")
    assert response.status_code == 200 and response.wsgi_request.user == person


def test_second_factor_as_allauth_says():
    staff = OperatorFactory()
    assert has_second_factor(staff) is False is is_mfa_enabled(staff)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert has_second_factor(staff) is True is is_mfa_enabled(staff)


def test_the_account_read_for_a_request_says_whether_it_has_a_second_factor(client):
    """The staff's check on every page reads the answer from the account's own query, not a query of its own."""
    staff = OperatorFactory()
    assert getattr(user_by_pk(staff.pk), SECOND_FACTOR) is False
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    account = user_by_pk(staff.pk)
    assert getattr(account, SECOND_FACTOR) is True and has_second_factor(account) is True
    client.force_login(staff, backend="balanse.core.auth_backends.ModelBackend")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/konto/mine-data/").status_code == 200
    assert not any(
        query["sql"].startswith('SELECT "mfa_authenticator"') for query in captured.captured_queries
    )
    # A factor removed: the next page sends them to set one up.
    Authenticator.objects.filter(user=staff).delete()
    assert client.get("/konto/mine-data/").status_code == 302


def test_staff_model_permissions_as_djangos_own():
    staff, superuser = OperatorFactory(), UserFactory(is_staff=True, is_superuser=True)
    group = Group.objects.create(name="Rådgivere")
    group.permissions.add(Permission.objects.get(codename="view_user"))
    staff.groups.add(group)
    staff.user_permissions.add(Permission.objects.get(codename="change_user"))
    own = {f"{p.content_type.app_label}.{p.codename}" for p in staff.user_permissions.all()}
    via_group = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert User.objects.get(pk=staff.pk)._perm_cache == own | via_group | {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.filter(Q(user=staff) | Q(group__user=staff))
    }
    assert len(User.objects.get(pk=superuser.pk)._perm_cache) == Permission.objects.count()


def test_roles_and_courses_of_a_person():
    admin, member, learner = make_org_admin(), make_org_member(), make_learner()
    assert list(roles_of(admin).values()) == ["admin"]
    assert list(roles_of(member).values()) == ["member"]
    assert roles_of(learner) == {}
    assert is_learner(learner) and not is_learner(admin)


def test_a_whole_number_compared_with_a_positive_column_and_with_a_small_one():
    """The ORM answers "no row" without asking the database for a number out of its column's range: the
    stand-in fits an integer column (a year), and for a small one a small stand-in is taken."""
    from balanse.activities.models import ActivityType
    from balanse.grants.models import GrantCall
    from tests.grants.factories import GrantCallFactory

    GrantCallFactory(year=2026, budget=100_000)

    def call(year: int):
        return GrantCall.objects.filter(year=year).values_list("budget", flat=True)

    assert compiled.rows("test.call", call, year=2026) == [100_000]
    assert compiled.rows("test.call", call, year=2025) == []
    kind = ActivityType.objects.create(name="test-kind", label="Test", order=5)

    def small(order: int):
        return ActivityType.objects.filter(order=order).values_list("pk", flat=True)

    # PostgreSQL: the large stand-in is out of the small column's range, so small ones are taken.
    assert kind.pk in compiled.rows("test.small", small, order=5) == list(small(5))
    assert compiled.rows("test.small", small, order=6) == list(small(6)) == []
    assert compiled.rows("test.none", lambda pk: User.objects.filter(pk__in=[]).values_list("pk"), pk=1) == []


def test_aggregate_as_the_orms_own_with_and_without_rows():
    from tests.members.factories import PaymentFactory

    first = PaymentFactory(amount=100)
    PaymentFactory(amount=250, fee=first.fee)
    aggregates = {"n": Count("pk"), "total": Sum("amount", default=0), "most": Max("amount")}

    def build(fee_id: int):
        return Payment.objects.filter(fee_id=fee_id)

    for fee_id in (first.fee_id, 0):
        assert compiled.aggregate("test.sum", build, aggregates, fee_id=fee_id) == build(fee_id).aggregate(
            **aggregates
        )
    assert compiled.aggregate("test.sum", build, aggregates, fee_id=first.fee_id) == {
        "n": 2,
        "total": 350,
        "most": 250,
    }


def test_instances_are_the_models_own_rows_in_order_with_their_annotations():
    people = [make_org_admin(), make_org_member(), UserFactory()]

    def build(pk: int):
        return User.objects.filter(pk__gte=pk).annotate(n=Count("memberships")).order_by("-pk")

    found = compiled.instances("test.many", User, build, annotations=("n",), pk=people[0].pk)
    assert found == list(build(people[0].pk))
    assert [(person.email, person.n) for person in found] == [(p.email, p.n) for p in build(people[0].pk)]
    assert [person.n for person in found] == [0, 1, 1]


def test_instances_read_a_foreign_key_along_and_none_where_there_is_none():
    from balanse.certification.models import Certification, ReviewComment
    from tests.factories import OrganisationFactory

    certification = Certification.objects.create(organisation=OrganisationFactory())
    author = OperatorFactory(full_name="Kari Revisor")
    with_author = ReviewComment.objects.create(
        certification=certification, requirement_key="a", text="x", author=author
    )
    without = ReviewComment.objects.create(
        certification=certification, requirement_key="b", text="y", author=None
    )

    def build(certification_id: int):
        return ReviewComment.objects.filter(certification_id=certification_id)

    found = compiled.instances(
        "test.related", ReviewComment, build, related=("author",), certification_id=certification.pk
    )
    assert found == [with_author, without]
    with CaptureQueriesContext(connection) as ctx:
        assert found[0].author == author and found[0].author.full_name == "Kari Revisor"
        assert found[1].author is None
    assert ctx.captured_queries == []
