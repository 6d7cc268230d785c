from django.urls import path

from balanse.cards import views

app_name = "cards"

urlpatterns = [
    path("samtalekort/", views.deck_list, name="list"),
    path("samtalekort/<slug:slug>/", views.deck_view, name="deck"),
    path("samtalekort/<slug:slug>/stokk/", views.deck_shuffle, name="shuffle"),
    path("samtalekort/<slug:slug>/trekk/", views.deck_draw, name="draw"),
    path("samtalekort/<slug:slug>/utskrift.pdf", views.deck_pdf, name="pdf"),
    path("drift/samtalekort/", views.manage_list, name="manage_list"),
    path("drift/samtalekort/ny/", views.manage_deck_create, name="manage_deck_create"),
    path("drift/samtalekort/<int:pk>/", views.manage_deck, name="manage_deck"),
    path("drift/samtalekort/<int:pk>/publisering/", views.manage_deck_publish, name="manage_deck_publish"),
    path("drift/samtalekort/<int:pk>/slett/", views.manage_deck_delete, name="manage_deck_delete"),
    path("drift/samtalekort/<int:pk>/kort/ny/", views.manage_card, name="manage_card_create"),
    path("drift/samtalekort/<int:pk>/kort/<int:card_pk>/", views.manage_card, name="manage_card"),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/slett/",
        views.manage_card_delete,
        name="manage_card_delete",
    ),
    path(
        "drift/samtalekort/<int:pk>/kort/<int:card_pk>/flytt/",
        views.manage_card_move,
        name="manage_card_move",
    ),
]
