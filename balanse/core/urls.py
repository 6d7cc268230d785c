from django.urls import path

from balanse.core import views, views_privacy
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
    path("personvern/", views_privacy.privacy_page, name="privacy"),
    path("drift/personvern/", views_privacy.record_of_processing, name="record_of_processing"),
    path("drift/personvern/oppslag/", views_privacy.person_lookup, name="person_lookup"),
    path("konto/mine-data/", views_privacy.my_data, name="my_data"),
    path("konto/mine-data/last-ned/", views_privacy.my_data_download, name="my_data_download"),
    path("konto/innlogginger/", views_privacy.sessions, name="sessions"),
    path("konto/slett/", views_privacy.delete_account, name="delete_account"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]
