from django.urls import path

from balanse.certification import views, views_proof, views_requests

app_name = "certification"

urlpatterns = [
    path("merket/", views.registry, name="registry"),
    path("merket/ta-kontakt/", views_requests.request_form, name="request_form"),
    path("merket/utsteder/", views_proof.issuer, name="issuer"),
    path("merket/statusliste/", views_proof.status_list, name="status_list"),
    path("merket/kontroller/", views_proof.check_credential, name="check_credential"),
    path("merket/<str:certificate_number>/", views.verify, name="verify"),
    path("merket/<str:certificate_number>/diplom.pdf", views_proof.diploma, name="diploma"),
    path("merket/<str:certificate_number>/merke.svg", views_proof.badge, name="badge"),
    path("merket/<str:certificate_number>/bevis.json", views_proof.credential, name="credential"),
    path("virksomhet/<int:pk>/merket/", views.organisation_page, name="organisation"),
    path("virksomhet/<int:pk>/merket/sok/", views.apply, name="apply"),
    path("virksomhet/merket/<int:pk>/send-inn/", views.submit, name="submit"),
    path("virksomhet/merket/<int:pk>/kommentar/<int:comment_pk>/svar/", views.answer, name="answer"),
    path("drift/merket/", views.dashboard, name="dashboard"),
    path("drift/merket/mal/", views.set_target, name="set_target"),
    path("drift/merket/svartid/", views_requests.set_response_time, name="set_response_time"),
    path("drift/merket/henvendelser/<int:pk>/", views_requests.request_detail, name="request"),
    path("drift/merket/henvendelser/<int:pk>/lukk/", views_requests.request_close, name="request_close"),
    path("drift/merket/<int:pk>/", views.manage, name="manage"),
    path("drift/merket/<int:pk>/utkast/", views.review_draft, name="review_draft"),
    path("drift/merket/<int:pk>/tildel/", views.award, name="award"),
    path("drift/merket/<int:pk>/<slug:step>/", views.act, name="act"),
]
