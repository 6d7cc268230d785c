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
    path("drift/samtalekort/", operator.manage_list, name="manage_list"),
    path("drift/samtalekort/ny/", operator.manage_deck_create, name="manage_deck_create"),
    path("drift/samtalekort/<int:pk>/", operator.manage_deck, name="manage_deck"),
    path("drift/samtalekort/<int:pk>/publisering/", operator.manage_deck_publish, name="manage_deck_publish"),
    path("drift/samtalekort/<int:pk>/slett/", operator.manage_deck_delete, name="manage_deck_delete"),
    path("drift/samtalekort/<int:pk>/kort/ny/", operator.manage_card, name="manage_card_create"),
    path("drift/samtalekort/<int:pk>/kort/<int:card_pk>/", operator.manage_card, name="manage_card"),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/slett/",
        operator.manage_card_delete,
        name="manage_card_delete",
    ),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/flytt/",
        operator.manage_card_move,
        name="manage_card_move",
    ),
]
