"""Every URL of the conversation cards × every role (tests.access.ROLES), GET and the POST actions.

Published decks are open to everyone without an account; unpublished decks and all editing are the
operator's (cards/rules.py)."""

import pytest
from django.urls import reverse

from tests import access_matrix
from tests.access_matrix import Row, check_row, missing_rows, params
from tests.cards.factories import DeckFactory

pytestmark = pytest.mark.django_db
role_client = access_matrix.role_client

# ROLES: anonymous, member, admin, other_admin, operator, learner
EVERYONE = [200] * 6
EVERYONE_REDIRECTED = [302] * 6
OPERATOR_ONLY = [403, 403, 403, 403, 200, 403]  # pages open without log-in: a draft deck is refused
OPERATOR_REDIRECTED = [403, 403, 403, 403, 302, 403]
MANAGE = ["login", 403, 403, 403, 200, 403]  # behind log-in
MANAGE_POST_DONE = ["login", 403, 403, 403, 302, 403]  # the operator's action redirects back
MANAGE_POST_FORM = ["login", 403, 403, 403, 200, 403]  # an empty form is shown again with its errors
MANAGE_POST_ONLY = ["login", 405, 405, 405, 405, 405]  # GET on a POST-only action


@pytest.fixture
def objects(operator):
    return {
        "published": DeckFactory(cards=2, published=True, by=operator),
        "draft": DeckFactory(cards=2, by=operator),
    }


def slug(key):
    return lambda o: [o[key].slug]


def pk(key):
    return lambda o: [o[key].pk]


def card(key):
    return lambda o: [o[key].pk, o[key].cards.last().pk]


ROWS = [
    Row("cards:list", lambda o: [], EVERYONE),
    Row("cards:deck", slug("published"), EVERYONE, label="published"),
    Row("cards:deck", slug("draft"), OPERATOR_ONLY, label="draft"),
    Row("cards:deck", lambda o: ["finnes-ikke"], [404] * 6, label="missing"),
    Row("cards:shuffle", slug("published"), EVERYONE_REDIRECTED, label="published"),
    Row("cards:shuffle", slug("draft"), OPERATOR_REDIRECTED, label="draft"),
    Row("cards:draw", slug("published"), EVERYONE_REDIRECTED, label="published"),
    Row("cards:draw", slug("draft"), OPERATOR_REDIRECTED, label="draft"),
    Row("cards:pdf", slug("published"), EVERYONE, label="published"),
    Row("cards:pdf", slug("draft"), OPERATOR_ONLY, label="draft"),
    # The public pages take no POST.
    Row("cards:deck", slug("published"), [405] * 6, method="post", label="published"),
    Row("cards:list", lambda o: [], [405] * 6, method="post"),
    # Editing: the operator only.
    Row("cards:operator_decks", lambda o: [], MANAGE),
    Row("cards:operator_deck_create", lambda o: [], MANAGE),
    Row("cards:operator_deck_create", lambda o: [], MANAGE_POST_FORM, method="post"),
    Row("cards:operator_deck", pk("draft"), MANAGE),
    Row("cards:operator_deck", pk("published"), MANAGE_POST_FORM, method="post"),
    Row("cards:operator_deck", lambda o: [999999], ["login", 404, 404, 404, 404, 404], label="missing"),
    Row("cards:operator_deck_publish", pk("draft"), MANAGE_POST_ONLY),
    Row(
        "cards:operator_deck_publish",
        pk("draft"),
        MANAGE_POST_DONE,
        method="post",
        data={"action": "publish"},
    ),
    Row("cards:operator_deck_delete", pk("draft"), MANAGE),
    Row("cards:operator_deck_delete", pk("draft"), MANAGE_POST_DONE, method="post"),
    Row("cards:operator_card_create", pk("draft"), MANAGE),
    Row("cards:operator_card_create", pk("draft"), MANAGE_POST_FORM, method="post"),
    Row("cards:operator_card", card("draft"), MANAGE),
    Row("cards:operator_card", card("draft"), MANAGE_POST_FORM, method="post"),
    Row("cards:operator_card_delete", card("draft"), MANAGE),
    Row("cards:operator_card_delete", card("draft"), MANAGE_POST_DONE, method="post"),
    Row("cards:operator_card_move", card("draft"), MANAGE_POST_ONLY),
    Row("cards:operator_card_move", card("draft"), MANAGE_POST_DONE, method="post", data={"direction": "up"}),
]


def test_every_url_of_the_app_has_a_row():
    assert not missing_rows("cards", ROWS)


@pytest.mark.parametrize("row", params(ROWS))
def test_access(role_client, objects, row):
    check_row(role_client, row, reverse(row.name, args=row.args(objects)))


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_refused_actions_change_nothing(role_client, objects, role):
    draft = objects["draft"]
    role_client(role).post(reverse("cards:operator_deck_publish", args=[draft.pk]), {"action": "publish"})
    role_client(role).post(reverse("cards:operator_deck_delete", args=[draft.pk]))
    draft.refresh_from_db()
    assert not draft.is_published
