from django.urls import path

from balanse.organisations import views

app_name = "organisations"

urlpatterns = [
    path("drift/virksomheter/", views.organisation_list, name="list"),
    path("drift/virksomheter/ny/", views.organisation_create, name="create"),
    path("virksomhet/", views.my_organisation, name="mine"),
    path("virksomhet/<int:pk>/", views.organisation_detail, name="detail"),
    path("virksomhet/<int:pk>/rediger/", views.organisation_edit, name="edit"),
    path("virksomhet/<int:pk>/inviter/", views.invite, name="invite"),
    path(
        "virksomhet/<int:pk>/invitasjoner/<int:invitation_pk>/trekk/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "virksomhet/<int:pk>/personer/<int:membership_pk>/",
        views.membership_update,
        name="membership_update",
    ),
    path("invitasjon/<str:token>/", views.invitation, name="invitation"),
]
