from django.urls import path

from balanse.exercise.views import editing, facilitators, participants

app_name = "exercise"

urlpatterns = [
    path("ovelse/", participants.join, name="join"),
    path("ovelse/<str:code>/", participants.participate, name="participate"),
    path("ovelse/<str:code>/na/", participants.participant_live, name="participant_live"),
    path("ovelse/<str:code>/stem/", participants.vote, name="vote"),
    path("ovelse/<str:code>/direkte/", participants.participant_stream, name="participant_stream"),
    path("fasilitator/ovelse/", facilitators.facilitate, name="facilitate"),
    path("fasilitator/ovelse/start/", facilitators.start, name="start"),
    path("fasilitator/ovelse/ny-mal/", editing.template_create, name="template_create"),
    path("fasilitator/ovelse/mal/<int:pk>/", editing.template_edit, name="template_edit"),
    path("fasilitator/ovelse/<int:pk>/", facilitators.screen, name="screen"),
    path("fasilitator/ovelse/<int:pk>/na/", facilitators.screen_live, name="screen_live"),
    path("fasilitator/ovelse/<int:pk>/styr/", facilitators.control, name="control"),
    path("fasilitator/ovelse/<int:pk>/storskjerm/", facilitators.presenter, name="presenter"),
    path("fasilitator/ovelse/<int:pk>/storskjerm/na/", facilitators.presenter_live, name="presenter_live"),
    path("fasilitator/ovelse/<int:pk>/avslutt/", facilitators.end, name="end"),
    path("fasilitator/ovelse/<int:pk>/direkte/", facilitators.screen_stream, name="screen_stream"),
    path("fasilitator/ovelse/<int:pk>/oppsummering/", facilitators.summary, name="summary"),
    path("fasilitator/ovelse/<int:pk>/resultater.csv", facilitators.export_csv, name="export_csv"),
    path("fasilitator/ovelse/<int:pk>/resultater.xlsx", facilitators.export_xlsx, name="export_xlsx"),
    path("fasilitator/ovelse/<int:pk>/oppsummering.pdf", facilitators.export_pdf, name="export_pdf"),
]
