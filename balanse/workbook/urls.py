from django.urls import path

from balanse.workbook import views

app_name = "workbook"

urlpatterns = [
    path("virksomhet/<int:pk>/tiltak/", views.organisation_workbook, name="organisation"),
    path("virksomhet/<int:pk>/tiltaksplan/deling/", views.shares, name="shares"),
    path("virksomhet/<int:pk>/tiltaksplan/deling/<int:share_pk>/trekk-tilbake/", views.revoke, name="revoke"),
    path("tiltak/<int:pk>/", views.overview, name="overview"),
    path("tiltak/<int:pk>/endringer/", views.changes, name="changes"),
    path("tiltak/<int:pk>/plan/", views.plan_page, name="plan"),
    path("tiltak/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("tiltak/<int:pk>/plan.docx", views.plan_docx, name="plan_docx"),
    path("tiltak/<int:pk>/kontraktsklausul/tekst/", views.clause, name="clause"),
    path("tiltak/<int:pk>/regler/ny/", views.add_rule, name="add_rule"),
    path("tiltak/<int:pk>/<slug:slug>/", views.section, name="section"),
    path("tiltak/<int:pk>/<slug:slug>/historikk/", views.history, name="history"),
    path("plan/<str:token>/", views.shared, name="shared"),
]
