"""Root URLconf when BENCH=1: the portal's URLs plus the bare page `make bench` measures."""

from django.urls import path

from bench.portal_bench import views
from spring_portal.urls import (  # noqa: F401 - the root URLconf must name the error handlers
    handler400,
    handler403,
    handler404,
    handler500,
)
from spring_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    *portal_urlpatterns,
    path("__bench__/bare", views.bare, name="bench_bare"),
    path("__bench__/bare/<str:name>", views.bare, name="bench_bare_body"),
]
