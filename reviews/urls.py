from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("accept/", views.accept, name="accept"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/", views.assignment_detail, name="assignment"),
    path("<int:pk>/conflict/", views.declare_conflict, name="conflict"),
    path("<int:pk>/consensus/", views.consensus, name="consensus"),
]
