from django.urls import path

from balanse.certification import views

app_name = "certification"

urlpatterns = [
    path("merket/", views.registry, name="registry"),
    path("merket/<str:certificate_number>/", views.verify, name="verify"),
    path("virksomhet/<int:pk>/merket/", views.organisation_page, name="organisation"),
    path("virksomhet/<int:pk>/merket/sok/", views.apply, name="apply"),
    path("virksomhet/merket/<int:pk>/send-inn/", views.submit, name="submit"),
    path("drift/merket/", views.dashboard, name="dashboard"),
    path("drift/merket/mal/", views.set_target, name="set_target"),
    path("drift/merket/<int:pk>/", views.manage, name="manage"),
    path("drift/merket/<int:pk>/<slug:step>/", views.act, name="act"),
]
