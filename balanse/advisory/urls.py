from django.urls import path

from balanse.advisory.views import log

app_name = "advisory"

urlpatterns = [
    path("drift/radgivning/", log.overview, name="overview"),
    path("drift/radgivning/ny/", log.inquiry_new, name="new"),
    path("drift/radgivning/<int:pk>/", log.inquiry_detail, name="inquiry"),
    path("drift/radgivning/<int:pk>/rediger/", log.inquiry_edit, name="edit"),
    path("drift/radgivning/radgivere/", log.advisers, name="advisers"),
    path("drift/radgivning/radgivere/<int:pk>/fjern/", log.adviser_remove, name="adviser_remove"),
]
