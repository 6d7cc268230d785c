from django.urls import path

from balanse.exercise import views

app_name = "exercise"

urlpatterns = [
    path("ovelse/", views.join, name="join"),
    path("ovelse/<str:code>/", views.participate, name="participate"),
    path("ovelse/<str:code>/na/", views.participant_live, name="participant_live"),
    path("ovelse/<str:code>/stem/", views.vote, name="vote"),
    path("ovelse/<str:code>/direkte/", views.participant_stream, name="participant_stream"),
    path("fasilitator/ovelse/", views.facilitate, name="facilitate"),
    path("fasilitator/ovelse/start/", views.start, name="start"),
    path("fasilitator/ovelse/ny-mal/", views.template_create, name="template_create"),
    path("fasilitator/ovelse/mal/<int:pk>/", views.template_edit, name="template_edit"),
    path("fasilitator/ovelse/<int:pk>/", views.screen, name="screen"),
    path("fasilitator/ovelse/<int:pk>/na/", views.screen_live, name="screen_live"),
    path("fasilitator/ovelse/<int:pk>/styr/", views.control, name="control"),
    path("fasilitator/ovelse/<int:pk>/direkte/", views.screen_stream, name="screen_stream"),
    path("fasilitator/ovelse/<int:pk>/oppsummering/", views.summary, name="summary"),
    path("fasilitator/ovelse/<int:pk>/resultater.csv", views.export_csv, name="export_csv"),
    path("fasilitator/ovelse/<int:pk>/oppsummering.pdf", views.export_pdf, name="export_pdf"),
]
