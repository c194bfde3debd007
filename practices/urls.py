from django.urls import path

from practices import community_views, views
from practices.feeds import NewPracticesFeed

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("submit/", views.practice_submit, name="submit"),
    path("mine/", views.my_practices, name="mine"),
    path("feed/", NewPracticesFeed(), name="feed"),
    path("export/practices.csv", views.export_csv, name="export_csv"),
    path("export/practices.json", views.export_json, name="export_json"),
    path("edit/<int:pk>/", views.practice_edit, name="edit"),
    path("edit/<int:pk>/withdraw/", views.practice_withdraw, name="withdraw"),
    path("edit/<int:pk>/reopen/", views.practice_reopen, name="reopen"),
    path("documents/<int:pk>/", views.practice_document, name="document"),
    path("images/<int:pk>/", views.practice_image, name="image"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/transfer/", community_views.transfer_declare, name="transfer_declare"),
    path("<slug:slug>/contact/", community_views.practice_contact, name="contact"),
    path("<slug:slug>/contact/switch/", community_views.contact_switch, name="contact_switch"),
    path("<slug:slug>/save/", community_views.collection_save, name="save"),
]
