from django.urls import path

from balanse.course.views import join, learner, media, operator, organisation

app_name = "course"

urlpatterns = [
    # Learners (and joining by the organisation's link and code, or by a course invitation)
    path("kurs/", learner.my_courses, name="my_courses"),
    path("kurs/bli-med/<str:token>/", join.join, name="join"),
    path("kurs/invitasjon/<str:token>/", join.invitation_link, name="invitation_link"),
    path("kurs/bli-med/<str:token>/kode/", join.join_confirm, name="join_confirm"),
    path("kurs/<slug:slug>/", learner.learner_course, name="learner_course"),
    path("kurs/<slug:slug>/kursbevis.pdf", learner.certificate, name="certificate"),
    path("kurs/<slug:slug>/steg/<slug:key>/", learner.step_view, name="step"),
    path("kurs/<slug:slug>/steg/<slug:key>/teksting.vtt", media.captions, name="captions"),
    path("kurs/<slug:slug>/steg/<slug:key>/video/", media.video, name="video"),
    # The organisation's admins
    path(
        "virksomhet/<int:pk>/kurs/<slug:slug>/", organisation.organisation_course, name="organisation_course"
    ),
    path("virksomhet/<int:pk>/kurs/<slug:slug>/inviter/", organisation.invite_learners, name="invite"),
    path("virksomhet/<int:pk>/kurs/<slug:slug>/lenke/", organisation.join_link, name="join_link"),
    # The operator
    path("drift/kurs/", operator.course_list, name="operator_courses"),
    path("drift/kurs/<slug:slug>/", operator.course_detail, name="operator_course"),
    path("drift/kurs/<slug:slug>/utkast/", operator.start_draft, name="operator_start_draft"),
    path("drift/kurs/<slug:slug>/publiser/", operator.publish, name="operator_publish"),
    path("drift/kurs/<slug:slug>/modul/ny/", operator.edit_module, name="operator_module_new"),
    path("drift/kurs/<slug:slug>/modul/<int:module_pk>/", operator.edit_module, name="operator_module"),
    path(
        "drift/kurs/<slug:slug>/modul/<int:module_pk>/steg/ny/", operator.edit_step, name="operator_step_new"
    ),
    path("drift/kurs/<slug:slug>/steg/<int:step_pk>/", operator.edit_step, name="operator_step"),
    path("drift/kurs/<slug:slug>/steg/<int:step_pk>/forhandsvis/", operator.preview, name="operator_preview"),
    path(
        "drift/kurs/<slug:slug>/steg/<int:step_pk>/teksting.vtt",
        operator.preview_captions,
        name="operator_captions",
    ),
    path("drift/kurs/<slug:slug>/steg/<int:step_pk>/video/", operator.preview_video, name="operator_video"),
    path(
        "drift/kurs/<slug:slug>/virksomhet/<int:org_pk>/mote/",
        operator.schedule_meeting,
        name="operator_meeting",
    ),
]
