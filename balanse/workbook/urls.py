from django.urls import path

from balanse.workbook.views import plan, sections

app_name = "workbook"

urlpatterns = [
    path("virksomhet/<int:pk>/tiltak/", sections.organisation_workbook, name="organisation"),
    path("virksomhet/<int:pk>/tiltaksplan/deling/", plan.shares, name="shares"),
    path("virksomhet/<int:pk>/tiltaksplan/deling/<int:share_pk>/trekk-tilbake/", plan.revoke, name="revoke"),
    path("tiltak/<int:pk>/", sections.overview, name="overview"),
    path("tiltak/<int:pk>/endringer/", sections.changes, name="changes"),
    path("tiltak/<int:pk>/plan/", plan.plan_page, name="plan"),
    path("tiltak/<int:pk>/plan.pdf", plan.plan_pdf, name="plan_pdf"),
    path("tiltak/<int:pk>/plan.docx", plan.plan_docx, name="plan_docx"),
    path("tiltak/<int:pk>/kontraktsklausul/tekst/", plan.clause, name="clause"),
    path("tiltak/<int:pk>/regler/ny/", sections.add_rule, name="add_rule"),
    path("tiltak/<int:pk>/<slug:slug>/", sections.section, name="section"),
    path("tiltak/<int:pk>/<slug:slug>/historikk/", sections.history, name="history"),
    path("plan/<str:token>/", plan.shared, name="shared"),
]
