from django.urls import path

from balanse.grants.views import public, staff

app_name = "grants"

urlpatterns = [
    # Public
    path("balansepotten/", public.call, name="call"),
    path("balansepotten/sok/", public.apply, name="apply"),
    path("balansepotten/soknad/<str:token>/", public.draft, name="draft"),
    path("balansepotten/rapport/<str:token>/", public.report, name="report"),
    # The staff
    path("drift/balansepotten/", staff.overview, name="overview"),
    path("drift/balansepotten/utlysning/<int:year>/", staff.call_edit, name="call_edit"),
    path("drift/balansepotten/brev/", staff.letters, name="letters"),
    path("drift/balansepotten/soknad/<int:pk>/", staff.application_detail, name="application"),
    path("drift/balansepotten/soknad/<int:pk>/vedtak/", staff.decide, name="decide"),
    path("drift/balansepotten/soknad/<int:pk>/utbetalt/", staff.pay, name="pay"),
    path("drift/balansepotten/soknad/<int:pk>/utsett/", staff.postpone, name="postpone"),
    path("drift/balansepotten/soknad/<int:pk>/gjenoppta/", staff.resume, name="resume"),
]
