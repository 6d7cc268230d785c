from django.urls import path

from balanse.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("drift/logg/", views.audit_log, name="audit_log"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]
