from django.urls import path

from balanse.course import views, views_staff

app_name = "course"

urlpatterns = [
    path("kurs/", views.my_courses, name="my_courses"),
    path("kurs/bli-med/<str:token>/", views.join, name="join"),
    path("kurs/invitasjon/<str:token>/", views.invitation_link, name="invitation_link"),
    path("kurs/bli-med/<str:token>/kode/", views.join_confirm, name="join_confirm"),
    path("kurs/<slug:slug>/", views.learner_course, name="learner_course"),
    path("kurs/<slug:slug>/kursbevis.pdf", views.certificate, name="certificate"),
    path("kurs/<slug:slug>/steg/<slug:key>/", views.step_view, name="step"),
    path("kurs/<slug:slug>/steg/<slug:key>/teksting.vtt", views.captions, name="captions"),
    path("kurs/<slug:slug>/steg/<slug:key>/video/", views.video, name="video"),
    path("virksomhet/<int:pk>/kurs/<slug:slug>/", views.organisation_course, name="organisation_course"),
    path("virksomhet/<int:pk>/kurs/<slug:slug>/inviter/", views.invite_learners, name="invite"),
    path("virksomhet/<int:pk>/kurs/<slug:slug>/lenke/", views.join_link, name="join_link"),
    path("drift/kurs/", views_staff.staff_courses, name="staff_courses"),
    path("drift/kurs/<slug:slug>/", views_staff.staff_course, name="staff_course"),
    path("drift/kurs/<slug:slug>/utkast/", views_staff.staff_start_draft, name="staff_start_draft"),
    path("drift/kurs/<slug:slug>/publiser/", views_staff.staff_publish, name="staff_publish"),
    path("drift/kurs/<slug:slug>/modul/ny/", views_staff.staff_module, name="staff_module_new"),
    path("drift/kurs/<slug:slug>/modul/<int:module_pk>/", views_staff.staff_module, name="staff_module"),
    path(
        "drift/kurs/<slug:slug>/modul/<int:module_pk>/steg/ny/", views_staff.staff_step, name="staff_step_new"
    ),
    path("drift/kurs/<slug:slug>/steg/<int:step_pk>/", views_staff.staff_step, name="staff_step"),
    path(
        "drift/kurs/<slug:slug>/steg/<int:step_pk>/forhandsvis/",
        views_staff.staff_preview,
        name="staff_preview",
    ),
    path(
        "drift/kurs/<slug:slug>/steg/<int:step_pk>/teksting.vtt",
        views_staff.staff_captions,
        name="staff_captions",
    ),
    path("drift/kurs/<slug:slug>/steg/<int:step_pk>/video/", views_staff.staff_video, name="staff_video"),
    path(
        "drift/kurs/<slug:slug>/virksomhet/<int:org_pk>/mote/",
        views_staff.staff_meeting,
        name="staff_meeting",
    ),
]
