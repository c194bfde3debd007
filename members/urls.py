from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path(
        "organisations/<slug:slug>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
]
