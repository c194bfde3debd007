from django.urls import path, re_path

from api import pages, views

# No app_name: django-ninja's URLs carry their own namespace ("api-v1").
urlpatterns = [
    # Before django-ninja's own root (a 404 that only serves to reverse its paths).
    path("", pages.index, name="api-index"),
    path("openapi.json", pages.openapi_document, name="api-openapi"),
    path("catalogue.jsonld", pages.catalogue_document, name="api-catalogue"),
    path("docs/", pages.documentation, name="api-docs"),
    path("downloads/<str:filename>", pages.download, name="api-download"),
    path("", views.api.urls),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
