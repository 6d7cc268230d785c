"""The site's pages under /annet/ (a test of path_of with another URL configuration)."""

from django.urls import include, path

urlpatterns = [path("annet/", include("balanse.urls"))]
