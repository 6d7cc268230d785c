"""The access matrix of an app: every URL name of its namespace × every role in tests.access.ROLES.

An app's tests/<app>/test_access_matrix.py lists rows (a URL name, its arguments, GET or POST, the expected
status for each role in ROLES order) and uses the helpers here:

- `url_names(namespace)`: every URL name the resolver knows in the namespace, so a test can demand a row
  for each (a new URL without an expected row fails);
- `params(rows)`: the pytest parameters, one per row, and `check_row`: the row's URL requested as every
  role (each in a savepoint rolled back afterwards), compared with the expected statuses by assert_status;
- the `role_client` fixture: a client logged in as a role, the same people as the root `client_for`
  (some app conftests replace `client_for` with their own).
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.access import ROLES, assert_status


def url_names(namespace: str) -> set[str]:
    """The URL names of an app namespace ("cards" → {"cards:list", …}), nested namespaces included."""
    names: set[str] = set()

    def walk(resolver, prefix: str) -> None:
        names.update(f"{prefix}:{key}" for key in resolver.reverse_dict if isinstance(key, str))
        for inner, (_pattern, sub) in resolver.namespace_dict.items():
            walk(sub, f"{prefix}:{inner}")

    _pattern, resolver = get_resolver().namespace_dict[namespace]
    walk(resolver, namespace)
    return names


@dataclass(frozen=True)
class Row:
    """One URL as one kind of object, with the expected status per role (ROLES order). `None` means the
    role is not checked here (an allowed action that needs a real form; the app's own tests cover it)."""

    name: str
    args: Any  # objects → list of URL arguments
    expected: list
    method: str = "get"
    label: str = ""
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}{' ' + self.label if self.label else ''}"


def params(rows: list[Row]) -> list:
    """One pytest parameter per row (all roles are checked in one test: the fixtures are made once)."""
    for row in rows:
        assert len(row.expected) == len(ROLES), row.id
    return [pytest.param(row, id=row.id) for row in rows]


def check_row(role_client, row: Row, url: str, data: dict | None = None) -> None:
    """Request `url` as every role of the row, each inside a savepoint that is rolled back afterwards (so
    one role's allowed action does not change what the next role finds), and compare each answer with the
    expected status by tests.access.assert_status. Fails with every role that answered otherwise."""
    failures = []
    for role, expected in zip(ROLES, row.expected, strict=True):
        if expected is None:
            continue
        with transaction.atomic():
            client = role_client(role)
            response = getattr(client, row.method)(url, row.data if data is None else data)
            transaction.set_rollback(True)
        try:
            assert_status(response, expected)
        except AssertionError as exc:
            failures.append(f"{role}: expected {expected}, got {exc}")
    assert not failures, f"{row.id}: " + "; ".join(failures)


def missing_rows(namespace: str, rows: list[Row]) -> set[str]:
    return url_names(namespace) - {row.name for row in rows}


@pytest.fixture
def role_client(client, organisation, org_admin, org_member, other_admin, operator, org_learner):
    """role_client(role) → the test client logged in as that role (staff with a second factor)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(operator, generate_totp_secret())
    users = {
        "member": org_member,
        "admin": org_admin,
        "other_admin": other_admin,
        "operator": operator,
        "learner": org_learner,
    }

    def _client(role: str):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return _client
