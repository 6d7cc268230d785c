from django.urls import path

from balanse.advice import views

app_name = "advice"

urlpatterns = [
    path("sok-rad/", views.seek_advice, name="seek_advice"),
    path("drift/sok-rad/", views.contact_list, name="contacts"),
    path("drift/sok-rad/ny/", views.contact_edit, name="contact_create"),
    path("drift/sok-rad/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("drift/sok-rad/<int:pk>/slett/", views.contact_delete, name="contact_delete"),
]
