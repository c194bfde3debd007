from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.event_list, {"period": "past"}, name="past"),
    path("feed.ics", views.feed_ics, name="feed_ics"),
    path("propose/", views.propose, name="propose"),
    path("mine/", views.mine, name="mine"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/registrants/", views.registrants, name="registrants"),
    path("<slug:slug>/registrants.csv", views.registrants_csv, name="registrants_csv"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/state/", views.author_transition, name="transition"),
]
