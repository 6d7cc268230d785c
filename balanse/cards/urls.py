from django.urls import path

from balanse.cards.views import operator, public

app_name = "cards"

urlpatterns = [
    # Anyone, no account
    path("samtalekort/", public.deck_list, name="list"),
    path("samtalekort/<slug:slug>/", public.deck_view, name="deck"),
    path("samtalekort/<slug:slug>/stokk/", public.deck_shuffle, name="shuffle"),
    path("samtalekort/<slug:slug>/trekk/", public.deck_draw, name="draw"),
    path("samtalekort/<slug:slug>/utskrift.pdf", public.deck_pdf, name="pdf"),
    # The operator
    path("drift/samtalekort/", operator.deck_list, name="operator_decks"),
    path("drift/samtalekort/ny/", operator.deck_create, name="operator_deck_create"),
    path("drift/samtalekort/<int:pk>/", operator.deck, name="operator_deck"),
    path("drift/samtalekort/<int:pk>/publisering/", operator.deck_publish, name="operator_deck_publish"),
    path("drift/samtalekort/<int:pk>/slett/", operator.deck_delete, name="operator_deck_delete"),
    path("drift/samtalekort/<int:pk>/kort/ny/", operator.card, name="operator_card_create"),
    path("drift/samtalekort/<int:pk>/kort/<int:card_pk>/", operator.card, name="operator_card"),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/slett/",
        operator.card_delete,
        name="operator_card_delete",
    ),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/flytt/",
        operator.card_move,
        name="operator_card_move",
    ),
]
