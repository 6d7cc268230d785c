import pytest
from django.urls import reverse

from balanse.cards.models import Card, Deck, Topic

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "admin", "operator", "learner"]


def public_urls(deck):
    return [
        reverse("cards:deck", kwargs={"slug": deck.slug}),
        reverse("cards:shuffle", kwargs={"slug": deck.slug}),
        reverse("cards:draw", kwargs={"slug": deck.slug}),
        reverse("cards:pdf", kwargs={"slug": deck.slug}),
    ]


def manage_get_urls(deck):
    card = deck.cards.first()
    return [
        reverse("cards:operator_decks"),
        reverse("cards:operator_deck_create"),
        reverse("cards:operator_deck", kwargs={"pk": deck.pk}),
        reverse("cards:operator_deck_delete", kwargs={"pk": deck.pk}),
        reverse("cards:operator_card_create", kwargs={"pk": deck.pk}),
        reverse("cards:operator_card", kwargs={"pk": deck.pk, "card_pk": card.pk}),
        reverse("cards:operator_card_delete", kwargs={"pk": deck.pk, "card_pk": card.pk}),
    ]


def manage_post_urls(deck):
    card = deck.cards.first()
    return [
        reverse("cards:operator_deck_publish", kwargs={"pk": deck.pk}),
        reverse("cards:operator_card_move", kwargs={"pk": deck.pk, "card_pk": card.pk}),
        reverse("cards:operator_deck_delete", kwargs={"pk": deck.pk}),
        reverse("cards:operator_card_delete", kwargs={"pk": deck.pk, "card_pk": card.pk}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_deck_list_is_open_to_everyone_and_shows_only_published_decks(
    client_for, role, default_deck, draft_deck
):
    response = client_for(role).get(reverse("cards:list"))
    assert response.status_code == 200
    assert [d.pk for d in response.context["decks"]] == [default_deck.pk]


@pytest.mark.parametrize("role", ROLES)
def test_published_deck_pages_are_open_to_everyone(client_for, role, default_deck):
    client = client_for(role)
    statuses = [client.get(url).status_code for url in public_urls(default_deck)]
    assert statuses == [200, 302, 302, 200]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 403), ("member", 403), ("admin", 403), ("operator", 200), ("learner", 403)],
)
def test_unpublished_deck_is_only_for_the_operator(client_for, role, status, draft_deck):
    client = client_for(role)
    urls = public_urls(draft_deck)
    assert client.get(urls[0]).status_code == status
    assert client.get(urls[3]).status_code == status


def test_anonymous_is_sent_to_log_in_for_editing_pages(client, default_deck):
    for url in manage_get_urls(default_deck):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    for url in manage_post_urls(default_deck):
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("role", ["member", "admin", "learner"])
def test_organisation_people_cannot_edit_decks(client_for, role, default_deck):
    client = client_for(role)
    for url in manage_get_urls(default_deck):
        assert client.get(url).status_code == 403, url
    for url in manage_post_urls(default_deck):
        assert client.post(url, {"action": "unpublish", "direction": "down"}).status_code == 403, url
    default_deck.refresh_from_db()
    assert default_deck.is_published is True
    assert Deck.objects.count() == 1


def test_operator_opens_every_editing_page(operator_client, default_deck):
    for url in manage_get_urls(default_deck):
        assert operator_client.get(url).status_code == 200, url


def test_other_users_cards_do_not_leak_into_a_deck_url(operator_client, default_deck, draft_deck):
    foreign = draft_deck.cards.first()
    url = reverse("cards:operator_card", kwargs={"pk": default_deck.pk, "card_pk": foreign.pk})
    response = operator_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cards:operator_deck", kwargs={"pk": default_deck.pk})
    assert "Det kortet finnes ikke lenger" in response.content.decode()


def test_deck_view_shows_the_card_by_number_and_links_next_and_previous(client, default_deck):
    url = reverse("cards:deck", kwargs={"slug": default_deck.slug})
    response = client.get(url, {"tema": "alcohol", "kort": "2"})
    body = response.content.decode()
    assert response.context["draw"].card.content_key == "alkohol-2"
    assert "Kort 2 av 5" in body
    assert f'href="{url}?tema=alcohol&amp;kort=3"' in body
    assert f'href="{url}?tema=alcohol&amp;kort=1"' in body
    assert 'aria-live="polite"' in body


def test_deck_view_with_a_seed_is_the_same_on_reload(client, default_deck):
    url = reverse("cards:deck", kwargs={"slug": default_deck.slug})
    first = client.get(url, {"stokk": "777", "kort": "3"}).context["draw"].card
    again = client.get(url, {"stokk": "777", "kort": "3"}).context["draw"].card
    assert first.pk == again.pk


def test_shuffle_redirects_to_a_seeded_order_keeping_the_topic(client, default_deck):
    response = client.get(reverse("cards:shuffle", kwargs={"slug": default_deck.slug}), {"tema": "power"})
    location = response["Location"]
    assert location.startswith(f"/samtalekort/{default_deck.slug}/?tema=power&stokk=")
    assert location.endswith("&kort=1")


def test_draw_jumps_to_another_card(client, default_deck):
    url = reverse("cards:draw", kwargs={"slug": default_deck.slug})
    response = client.get(url, {"tema": "norms", "kort": "1"})
    assert response.status_code == 302
    assert "tema=norms" in response["Location"]
    assert "kort=1" not in response["Location"].split("?")[1].split("&")


@pytest.mark.parametrize(
    "params",
    [
        {"tema": "weather"},
        {"kort": "abc"},
        {"kort": "-3"},
        {"stokk": "x"},
        {"stokk": "9" * 40},
        {"kort": "9" * 40},
    ],
)
def test_deck_view_survives_bad_parameters(client, default_deck, params):
    response = client.get(reverse("cards:deck", kwargs={"slug": default_deck.slug}), params)
    assert response.status_code == 200
    assert response.context["draw"].total in (45,)


def test_unknown_topic_gets_a_clear_message(client, default_deck):
    response = client.get(reverse("cards:deck", kwargs={"slug": default_deck.slug}), {"tema": "weather"})
    assert "Det finnes ikke noe tema som heter «weather». Viser alle tema." in response.content.decode()


def test_topic_without_cards_says_so(client, operator):
    deck = Deck.objects.create(slug="liten", title="Liten", is_published=True)
    Card.objects.create(deck=deck, text="Bare makt", topic=Topic.POWER)
    response = client.get(reverse("cards:deck", kwargs={"slug": deck.slug}), {"tema": "alcohol"})
    assert response.status_code == 200
    assert "Det er ingen kort om dette temaet i kortstokken." in response.content.decode()
    draw = client.get(reverse("cards:draw", kwargs={"slug": deck.slug}), {"tema": "alcohol"})
    assert draw.status_code == 302


def test_deck_view_query_count(client, default_deck, django_assert_num_queries):
    url = reverse("cards:deck", kwargs={"slug": default_deck.slug})
    with django_assert_num_queries(3):  # the deck, the write stamp, the cards of the topic
        first = client.get(url, {"tema": "power", "stokk": "5", "kort": "2"})
    # The next card of the same deck: the cards are kept until a deck changes.
    with django_assert_num_queries(2):  # the deck, the write stamp
        second = client.get(url, {"tema": "power", "stokk": "5", "kort": "3"})
    assert first.context["draw"].cards == second.context["draw"].cards
    assert first.context["draw"].card != second.context["draw"].card


def test_a_changed_card_shows_at_once_in_a_deck_on_screen(operator_client, default_deck):
    from django.test import Client

    url = reverse("cards:deck", kwargs={"slug": default_deck.slug})
    screen = Client()
    first = screen.get(url, {"kort": "1"}).content.decode()
    card = default_deck.cards.order_by("position", "pk").first()
    assert card.text in first
    Card.objects.filter(pk=card.pk).update(text="Hva gjør vi når noen sier ifra?")
    assert "Hva gjør vi når noen sier ifra?" in screen.get(url, {"kort": "1"}).content.decode()


def test_operator_edits_a_card(operator_client, default_deck):
    card = default_deck.cards.get(content_key="regler-1")
    url = reverse("cards:operator_card", kwargs={"pk": default_deck.pk, "card_pk": card.pk})
    response = operator_client.post(
        url, {"text": "Hvilke regler?", "topic": "rules", "kind": "question", "version": "1"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.text, card.version) == ("Hvilke regler?", 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "topic": "rules", "kind": "question"}, "Skriv spørsmålet eller påstanden på kortet."),
        ({"text": "x" * 301, "topic": "rules", "kind": "question"}, "høyst 300 tegn (denne teksten har 301)"),
        ({"text": "Greit", "topic": "weather", "kind": "question"}, "Velg et av temaene i listen."),
        (
            {"text": "Greit", "topic": "rules", "kind": "poem"},
            "Velg et gyldig valg. poem er ikke et av de tilgjengelige valgene.",
        ),
    ],
)
def test_bad_card_input_keeps_the_text_and_changes_nothing(operator_client, default_deck, data, message):
    card = default_deck.cards.get(content_key="regler-1")
    url = reverse("cards:operator_card", kwargs={"pk": default_deck.pk, "card_pk": card.pk})
    response = operator_client.post(url, {**data, "version": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert data["text"] in body
    card.refresh_from_db()
    assert card.version == 1
    assert default_deck.cards.count() == 45


def test_stale_card_edit_keeps_the_typed_text_and_shows_the_saved_one(operator_client, default_deck):
    card = default_deck.cards.get(content_key="regler-1")
    url = reverse("cards:operator_card", kwargs={"pk": default_deck.pk, "card_pk": card.pk})
    operator_client.post(
        url, {"text": "Første lagring", "topic": "rules", "kind": "question", "version": "1"}
    )
    response = operator_client.post(
        url, {"text": "Min versjon", "topic": "rules", "kind": "question", "version": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Noen andre endret dette mens du redigerte." in body
    assert "Min versjon" in body
    assert "Første lagring" in body
    card.refresh_from_db()
    assert card.text == "Første lagring"


def test_stale_deck_edit_is_refused(operator_client, default_deck):
    url = reverse("cards:operator_deck", kwargs={"pk": default_deck.pk})
    operator_client.post(url, {"title": "Ny tittel", "description": "", "version": "1"})
    response = operator_client.post(url, {"title": "Annen tittel", "description": "", "version": "1"})
    assert response.status_code == 200
    assert "Annen tittel" in response.content.decode()
    default_deck.refresh_from_db()
    assert default_deck.title == "Ny tittel"


def test_operator_adds_moves_and_deletes_a_card(operator_client, default_deck):
    create = reverse("cards:operator_card_create", kwargs={"pk": default_deck.pk})
    operator_client.post(create, {"text": "Helt nytt kort", "topic": "touring", "kind": "statement"})
    card = default_deck.cards.get(text="Helt nytt kort")
    assert card.position == 46
    move = reverse("cards:operator_card_move", kwargs={"pk": default_deck.pk, "card_pk": card.pk})
    operator_client.post(move, {"direction": "up"})
    assert list(default_deck.cards.values_list("text", flat=True))[-2] == "Helt nytt kort"
    response = operator_client.post(move, {"direction": "sideways"}, follow=True)
    assert "Velg om kortet skal flyttes opp eller ned." in response.content.decode()
    delete = reverse("cards:operator_card_delete", kwargs={"pk": default_deck.pk, "card_pk": card.pk})
    operator_client.post(delete)
    assert not default_deck.cards.filter(pk=card.pk).exists()
    # A second delete (double submit) is a message, not an error.
    response = operator_client.post(delete, follow=True)
    assert response.status_code == 200
    assert "Det kortet finnes ikke lenger" in response.content.decode()


def test_operator_creates_publishes_and_deletes_a_deck(operator_client):
    response = operator_client.post(
        reverse("cards:operator_deck_create"), {"title": "Verksted", "description": ""}
    )
    deck = Deck.objects.get(title="Verksted")
    assert response["Location"] == reverse("cards:operator_deck", kwargs={"pk": deck.pk})
    publish = reverse("cards:operator_deck_publish", kwargs={"pk": deck.pk})
    response = operator_client.post(publish, {"action": "publish"}, follow=True)
    assert "Legg til minst ett kort før du publiserer kortstokken." in response.content.decode()
    Card.objects.create(deck=deck, text="Et kort", topic=Topic.POWER)
    operator_client.post(publish, {"action": "publish"})
    deck.refresh_from_db()
    assert deck.is_published is True
    operator_client.post(reverse("cards:operator_deck_delete", kwargs={"pk": deck.pk}))
    assert not Deck.objects.filter(pk=deck.pk).exists()


def test_empty_deck_title_is_a_clear_message(operator_client):
    response = operator_client.post(
        reverse("cards:operator_deck_create"), {"title": "", "description": "Beskrivelse"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gi kortstokken en tittel." in body
    assert "Beskrivelse" in body


def test_menu_and_operator_panel_link_to_the_cards(client, operator_client):
    assert 'href="/samtalekort/"' in client.get("/").content.decode()
    body = operator_client.get(reverse("core:dashboard")).content.decode()
    assert "Samtalekort" in body
    assert f'href="{reverse("cards:operator_decks")}"' in body


def test_deck_list_query_count_does_not_grow_with_decks(client, default_deck, django_assert_num_queries):
    for n in range(3):
        deck = Deck.objects.create(slug=f"ekstra-{n}", title=f"Ekstra {n}", is_published=True)
        Card.objects.create(deck=deck, text="Kort", topic=Topic.POWER)
    with django_assert_num_queries(2):  # the registers' write stamp and the decks with their counts
        response = client.get(reverse("cards:list"))
    assert len(response.context["decks"]) == 4
    with django_assert_num_queries(1):  # kept for visitors without an account until a deck changes
        kept = client.get(reverse("cards:list")).content.decode()
    assert all(f"Ekstra {n}" in kept for n in range(3))


def test_manage_deck_query_count_does_not_grow_with_cards(operator_client, default_deck):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("cards:operator_deck", kwargs={"pk": default_deck.pk})
    with CaptureQueriesContext(connection) as before:
        response = operator_client.get(url)
    assert response.status_code == 200
    shown = response.content.decode().count('<tr id="card-')  # one table row per card
    assert shown == default_deck.cards.count() > 0
    Card.objects.bulk_create(Card(deck=default_deck, text=f"Kort {n}", topic=Topic.POWER) for n in range(10))
    with CaptureQueriesContext(connection) as after:
        response = operator_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="card-') == shown + 10
    assert '<th scope="row" lang="nb">Kort 9</th>' in response.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)


def _row(body: str, card_pk: int) -> str:
    start = body.index(f'<tr id="card-{card_pk}">')
    return body[start : body.index("</tr>", start)]


@pytest.mark.parametrize(
    ("language", "words", "topic", "kind"),
    [
        ("nb", ("Rediger", "Opp", "Ned", "Slett", "kort"), "Makt", "Påstand"),
        ("en", ("Edit", "Up", "Down", "Delete", "card"), "Power", "Statement"),
    ],
)
def test_manage_deck_rows_link_each_card_and_name_its_buttons(
    operator_client, default_deck, language, words, topic, kind
):
    """Each row's addresses are its own card's and each button says which card it acts on (the table's words
    and addresses are made once per page: balanse/cards/views/operator.py, _card_rows)."""
    edit, up, down, delete, card_word = words
    middle = default_deck.cards.all()[1]
    Card.objects.filter(pk=middle.pk).update(topic=Topic.POWER, kind="statement")
    cards = list(default_deck.cards.all())
    operator_client.post("/i18n/setlang/", {"language": language, "next": "/"})
    body = operator_client.get(
        reverse("cards:operator_deck", kwargs={"pk": default_deck.pk})
    ).content.decode()
    for number, card in enumerate(cards, start=1):
        row = _row(body, card.pk)
        keys = {"pk": default_deck.pk, "card_pk": card.pk}
        hidden = f'<span class="visually-hidden"> {card_word} {number}</span>'
        assert f"<td>{number}</td>" in row
        assert (
            f'<a class="ds-link" href="{reverse("cards:operator_card", kwargs=keys)}">{edit}{hidden}</a>'
            in row
        )
        assert f'<form method="post" action="{reverse("cards:operator_card_move", kwargs=keys)}"' in row
        assert (
            f'<a class="ds-link" href="{reverse("cards:operator_card_delete", kwargs=keys)}">{delete}{hidden}'
            in row
        )
        assert row.count('name="csrfmiddlewaretoken"') == 1
        assert (f'value="up">{up}{hidden}</button>' in row) is (number > 1)
        assert (f'value="down">{down}{hidden}</button>' in row) is (number < len(cards))
    assert f"<td>{topic}</td>\n      <td>{kind}</td>" in _row(body, middle.pk)


@pytest.mark.parametrize("deck_pk", [1, 2147483647, 12147483647])
def test_card_addresses_from_one_reverse_are_reverses_own(deck_pk):
    from balanse.core.views_helpers import row_link

    for name in ("cards:operator_card", "cards:operator_card_move", "cards:operator_card_delete"):
        url = row_link(name, key="card_pk", pk=deck_pk)
        for card_pk in (1, 42, 2147483647):
            assert url(card_pk) == reverse(name, kwargs={"pk": deck_pk, "card_pk": card_pk})
