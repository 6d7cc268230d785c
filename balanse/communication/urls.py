from django.urls import path

from balanse.communication import views

app_name = "communication"

urlpatterns = [
    path("drift/kommunikasjon/", views.entry_list, name="list"),
    path("drift/kommunikasjon/ny/", views.entry_add, name="add"),
    path("drift/kommunikasjon/<int:pk>/", views.entry_edit, name="edit"),
    path("drift/kommunikasjon/<int:pk>/slett/", views.entry_delete, name="delete"),
    path("drift/kommunikasjon/tall/", views.figures, name="figures"),
    path("drift/kommunikasjon/tall/tillegg/", views.supplement_add, name="supplement_add"),
    path("drift/kommunikasjon/tillegg/<int:pk>/slett/", views.supplement_delete, name="supplement_delete"),
    path("drift/kommunikasjon/nokkeltall/<int:pk>/", views.key_figure_edit, name="key_figure_edit"),
    path("drift/kommunikasjon/nokkeltall/<int:pk>/slett/", views.key_figure_delete, name="key_figure_delete"),
]
