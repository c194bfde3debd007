from django.urls import path

from practices import project_views as views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("submit/", views.project_submit, name="submit"),
    path("mine/", views.my_projects, name="mine"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/withdraw/", views.project_withdraw, name="withdraw"),
]
