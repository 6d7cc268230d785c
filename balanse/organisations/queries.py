"""Reads about organisations and people that other apps reuse."""

from datetime import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, OuterRef, Value
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from balanse.core import compiled, stamps
from balanse.core.permissions import memo
from balanse.core.sessions import account_fact
from balanse.core.views_helpers import Paged, row_link
from balanse.organisations.models import (
    ArtField,
    Invitation,
    Membership,
    Organisation,
    Role,
    art_field_label,
    org_number_display,
)


def admins_of(organisation):
    """The active people who administer `organisation`, ordered by e-mail address."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, memberships__role=Role.ADMIN, is_active=True)
        .order_by("email")
    )


ROLES = "organisations.roles"


def roles_in_one_text():
    """Every membership of the session's account as one text, "organisation id:role,…" ("" for none), read
    with the session (`roles_of`; a role is one of `Role`'s values, which hold neither ":" nor ",")."""
    return compiled.one_text(
        Membership.objects.filter(user_id=OuterRef("account_id")),
        "user_id",
        Cast("organisation_id", CharField()),
        Value(":"),
        "role",
    )


def _pairs(text: str) -> list[tuple[int, str]]:
    """("1", "admin") pairs of a `compiled.one_text` of "number:text,…" as (1, "admin"), in the text's order."""
    return [(int(number), rest) for number, rest in (part.split(":", 1) for part in text.split(",") if part)]


def _roles_from_text(text: str) -> dict[int, str]:
    return dict(_pairs(text))


def roles_of(user) -> dict[int, str]:
    """{organisation id: role} for every organisation `user` belongs to: read with the request's session
    (`balanse.core.sessions.read_along`, see apps.py), else one query; asked once per request (the page's role
    checks and the menu's "administers any organisation" share it), compiled once."""
    if not user or not user.is_authenticated:
        return {}
    known = account_fact(user, ROLES)
    return memo(
        ("roles_of", user.pk),
        lambda: (
            _roles_from_text(known)
            if known is not None
            else dict(
                compiled.rows(
                    "organisations.roles_of",
                    # No ordering: the memberships' default order joins the organisation and the account.
                    lambda user_id: (
                        Membership.objects.filter(user_id=user_id)
                        .order_by()
                        .values_list("organisation_id", "role")
                    ),
                    user_id=user.pk,
                )
            )
        ),
    )


def role_in(user, organisation) -> str | None:
    """`user`'s role in `organisation` (a Role value), or None."""
    if not user or not user.is_authenticated or organisation is None or organisation.pk is None:
        return None
    return roles_of(user).get(organisation.pk)


def is_admin_of_any(user) -> bool:
    """Whether `user` administers at least one organisation."""
    return Role.ADMIN in roles_of(user).values()


def is_member_of(user, organisation) -> bool:
    """Whether `user` belongs to `organisation` (any role)."""
    return role_in(user, organisation) is not None


def is_admin_of(user, organisation) -> bool:
    """Whether `user` administers `organisation`."""
    return role_in(user, organisation) == Role.ADMIN


class ListRow(NamedTuple):
    """A line of the operator's list of organisations."""

    url: str
    name: str
    member_since: int | None
    fields: str  # the art fields' names, in their order, joined by ", "
    municipality: str
    org_number: str  # as shown: 123 456 789
    people: int


LIST_COLUMNS = ("pk", "name", "member_since", "municipality", "org_number")
# By name whatever its case, as the index `organisation_list_order` holds them: a page is read from the index.
LIST_ORDER = (Lower("name"), "pk")


class Listed(Paged):
    """The operator's list of organisations (`organisations`, filtered or not) for `paginate`: counted without
    reading the rows, and only the page's organisations read, in the index's order, as `ListRow`s. The whole
    list (no filter) is asked by SQL compiled once per process (per page for the rows)."""

    def __init__(self, organisations=None):
        self.organisations = organisations  # None: every organisation

    def count(self) -> int:
        if self.organisations is not None:
            return self.organisations.count()
        return compiled.aggregate(
            "organisations.list.count", lambda: Organisation.objects.all(), {"n": Count("*")}
        )["n"]

    def rows(self, index: slice) -> list:
        if self.organisations is not None:
            rows = list(self.organisations.order_by(*LIST_ORDER).values_list(*LIST_COLUMNS)[index])
        else:
            rows = compiled.rows(
                ("organisations.list.page", index.start, index.stop),
                lambda: Organisation.objects.order_by(*LIST_ORDER).values_list(*LIST_COLUMNS)[index],
            )
        return list_rows(rows)


def list_rows(rows) -> list[ListRow]:
    """The lines of the list for `rows` ((LIST_COLUMNS) tuples of a page of the list): the link to each made from
    one reversed address; the art fields and the number of people of the page's organisations read in one query
    each (compiled once per process for a page of that many), each art field named once per language."""
    rows = list(rows)
    if not rows:
        return []
    link = row_link("organisations:detail")
    pks = [row[0] for row in rows]
    ids = compiled.numbered("id", pks)
    fields: dict[int, list[str]] = {}
    for organisation_id, code in compiled.rows(
        ("organisations.list.fields", len(pks)),
        lambda **ids: (
            Organisation.art_fields.through.objects.filter(organisation_id__in=list(ids.values()))
            .order_by("artfield__position", "artfield__code")
            .values_list("organisation_id", "artfield__code")
        ),
        **ids,
    ):
        fields.setdefault(organisation_id, []).append(art_field_label(code))
    people = dict(
        compiled.rows(
            ("organisations.list.people", len(pks)),
            lambda **ids: (
                Membership.objects.filter(organisation_id__in=list(ids.values()))
                .order_by()
                .values_list("organisation_id")
                .annotate(Count("pk"))
            ),
            **ids,
        )
    )
    return [
        ListRow(
            link(pk),
            name,
            member_since,
            ", ".join(fields.get(pk, ())),
            municipality,
            org_number_display(org_number),
            people.get(pk, 0),
        )
        for pk, name, member_since, municipality, org_number in rows
    ]


def municipalities() -> list[str]:
    """Every municipality an organisation is in, in order (the list's filter), compiled once per process."""
    return compiled.rows(
        "organisations.municipalities",
        lambda: (
            Organisation.objects.exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        ),
    )


def people_of(organisation) -> list[Membership]:
    """The organisation's memberships, administrators first, then by e-mail address, each with its person
    (compiled once)."""
    return compiled.instances(
        "organisations.people_of",
        Membership,
        lambda organisation: Membership.objects.filter(organisation=organisation).order_by(
            "role", "user__email"
        ),
        related=("user",),
        organisation=organisation.pk,
    )


class PersonRow(NamedTuple):
    """A line of an organisation's people."""

    pk: int  # the membership's
    role: str
    full_name: str
    email: str


def people_rows(organisation) -> list[PersonRow]:
    """The organisation's people as `people_of` orders them (administrators first, then by e-mail address), only
    what their table shows (compiled once)."""
    return [
        PersonRow(*row)
        for row in compiled.rows(
            "organisations.people_rows",
            lambda organisation: (
                Membership.objects.filter(organisation=organisation)
                .order_by("role", "user__email")
                .values_list("pk", "role", "user__full_name", "user__email")
            ),
            organisation=organisation.pk,
        )
    ]


class InvitationRow(NamedTuple):
    """An open invitation as an organisation's page lists it."""

    pk: int
    email: str
    role: str
    expires_at: datetime


def pending_invitation_rows(organisation) -> list[InvitationRow]:
    """The organisation's invitations still open now, in `pending_invitations`' order, only what the page shows
    (compiled once)."""
    return [
        InvitationRow(*row)
        for row in compiled.rows(
            "organisations.pending_invitation_rows",
            lambda organisation, now: (
                Invitation.objects.filter(organisation=organisation)
                .pending(now)
                .values_list("pk", "email", "role", "expires_at")
            ),
            organisation=organisation.pk,
            now=timezone.now(),
        )
    ]


def page_organisation(pk: int):
    """The organisation `pk` for its own page, or None: with `art_field_names`, the names of its art fields in
    their order (position, then code) joined by ", " ("" for none), read in the same query (compiled once)."""
    found = compiled.instances(
        "organisations.page_organisation",
        Organisation,
        lambda pk: Organisation.objects.filter(pk=pk).annotate(
            art_field_codes=compiled.one_text(
                Organisation.art_fields.through.objects.filter(organisation_id=OuterRef("pk")),
                "organisation_id",
                Cast("artfield__position", CharField()),
                Value(":"),
                "artfield__code",
            )
        ),
        annotations=("art_field_codes",),
        pk=pk,
    )
    if not found:
        return None
    organisation = found[0]
    # "position:code,…" in any order (not every SQLite orders an aggregate), put in the art fields' order here; a
    # code is a choice's value (ArtFieldCode), which holds neither ":" nor ",".
    fields = sorted(_pairs(organisation.art_field_codes))
    organisation.art_field_list = [code for _position, code in fields]
    organisation.art_field_names = ", ".join(art_field_label(code) for code in organisation.art_field_list)
    return organisation


def art_field_rows() -> list[tuple[int, str]]:
    """Every art field as (pk, code), in their order: the profile form's boxes. Kept until a register changes."""
    return stamps.kept_rows(
        "organisations.art_field_rows", lambda: ArtField.objects.values_list("pk", "code")
    )


def pending_invitations(organisation) -> list[Invitation]:
    """The organisation's invitations still open now, each with who sent it (compiled once)."""
    return compiled.instances(
        "organisations.pending_invitations",
        Invitation,
        lambda organisation, now: Invitation.objects.filter(organisation=organisation).pending(now),
        related=("invited_by",),
        organisation=organisation.pk,
        now=timezone.now(),
    )
