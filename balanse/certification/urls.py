from django.urls import path, register_converter
from django.urls.converters import StringConverter

from balanse.certification.views import manage, mark_requests, operator, organisation, proof, public

app_name = "certification"


class CertificateNumberConverter(StringConverter):
    """A mark's number as typed in an address: any text without "/" (as `str`) and without a NUL character,
    which no number holds and PostgreSQL refuses in a comparison (a 500 until 6 December 2026): such an
    address is no page (404)."""

    regex = "[^/\x00]+"


register_converter(CertificateNumberConverter, "certificate_number")

urlpatterns = [
    path("merket/", public.registry, name="registry"),
    path("merket/ta-kontakt/", mark_requests.request_form, name="request_form"),
    path("merket/utsteder/", proof.issuer, name="issuer"),
    path("merket/statusliste/", proof.status_list, name="status_list"),
    path("merket/kontroller/", proof.check_credential, name="check_credential"),
    path("merket/<certificate_number:certificate_number>/", public.verify, name="verify"),
    path("merket/<certificate_number:certificate_number>/diplom.pdf", proof.diploma, name="diploma"),
    path("merket/<certificate_number:certificate_number>/merke.svg", proof.badge, name="badge"),
    path("merket/<certificate_number:certificate_number>/bevis.json", proof.credential, name="credential"),
    path("virksomhet/<int:pk>/merket/", organisation.organisation_page, name="organisation"),
    path(
        "virksomhet/<int:pk>/merket/historikk/",
        organisation.organisation_history,
        name="organisation_history",
    ),
    path("virksomhet/<int:pk>/merket/sok/", organisation.apply, name="apply"),
    path("virksomhet/merket/<int:pk>/send-inn/", organisation.submit, name="submit"),
    path("virksomhet/merket/<int:pk>/kommentar/<int:comment_pk>/svar/", organisation.answer, name="answer"),
    path("drift/merket/", operator.dashboard, name="dashboard"),
    path("drift/merket/liste/", operator.certification_list, name="list"),
    path("drift/merket/mal/", operator.set_target, name="set_target"),
    path("drift/merket/svartid/", mark_requests.set_response_time, name="set_response_time"),
    path("drift/merket/henvendelser/<int:pk>/", mark_requests.request_detail, name="request"),
    path("drift/merket/henvendelser/<int:pk>/lukk/", mark_requests.request_close, name="request_close"),
    path("drift/merket/<int:pk>/", manage.manage, name="manage"),
    path("drift/merket/<int:pk>/historikk/", manage.history, name="history"),
    path("drift/merket/<int:pk>/utkast/", manage.review_draft, name="review_draft"),
    path("drift/merket/<int:pk>/tildel/", manage.award, name="award"),
    path("drift/merket/<int:pk>/<slug:step>/", manage.act, name="act"),
]
