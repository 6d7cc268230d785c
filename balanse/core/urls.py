from django.urls import path

from balanse.core import views
from balanse.core.registers import views as register_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("drift/logg/", views.audit_log, name="audit_log"),
    path("drift/registre/", register_views.register_list, name="registers"),
    path("drift/registre/<slug:kind>/importer/", register_views.register_import, name="register_import"),
    path(
        "drift/registre/<slug:kind>/importer/<int:pk>/",
        register_views.register_preview,
        name="register_preview",
    ),
    path("drift/registre/<slug:kind>/eksport/", register_views.register_export, name="register_export"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]
