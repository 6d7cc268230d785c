import pytest

from balanse.cards.models import Card, CardKind, Deck, Topic


@pytest.fixture
def default_deck(db):
    """The default deck, loaded from content/cards/ by the autouse content fixture."""
    return Deck.objects.get(content_key="standard")


@pytest.fixture
def draft_deck(db):
    deck = Deck.objects.create(slug="utkast", title="Utkast", is_published=False)
    Card.objects.create(deck=deck, text="Et kort i et utkast", topic=Topic.POWER, kind=CardKind.QUESTION)
    return deck


@pytest.fixture
def client_for(client, operator, org_member, org_admin, org_learner):
    """A test client logged in as a role: anonymous, member, admin, learner or operator (with a second
    factor)."""

    def _client(role: str):
        if role == "operator":
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(operator, generate_totp_secret())
            client.force_login(operator)
        elif role == "member":
            client.force_login(org_member)
        elif role == "admin":
            client.force_login(org_admin)
        elif role == "learner":
            client.force_login(org_learner)
        return client

    return _client
