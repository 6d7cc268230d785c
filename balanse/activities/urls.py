from django.urls import path

from balanse.activities.views import operator, public

app_name = "activities"

urlpatterns = [
    # Public
    path("kalender/", public.calendar, name="calendar"),
    path("kalender/kalender.ics", public.calendar_feed, name="calendar_feed"),
    path("kalender/<int:pk>/", public.calendar_detail, name="calendar_detail"),
    path("kalender/avmeld/<str:token>/", public.cancel_registration, name="cancel_registration"),
    # The operator
    path("drift/aktiviteter/", operator.activity_list, name="list"),
    path("drift/aktiviteter/eksport/", operator.activity_export, name="export"),
    path("drift/aktiviteter/ny/", operator.activity_add, name="add"),
    path("drift/aktiviteter/<int:pk>/", operator.activity_edit, name="edit"),
    path("drift/aktiviteter/<int:pk>/slett/", operator.activity_delete, name="delete"),
    path("drift/aktiviteter/typer/", operator.type_list, name="types"),
    path("drift/aktiviteter/typer/<int:pk>/", operator.type_edit, name="type_edit"),
    path("drift/aktiviteter/tall/", operator.figures, name="figures"),
    path("drift/aktiviteter/tillegg/<int:pk>/", operator.supplement_edit, name="supplement_edit"),
    path("drift/aktiviteter/tillegg/<int:pk>/slett/", operator.supplement_delete, name="supplement_delete"),
]
