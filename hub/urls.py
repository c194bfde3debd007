from django.contrib.sitemaps.views import sitemap
from django.urls import path

from hub import feeds, views
from hub.sitemaps import sitemaps

app_name = "hub"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("evidence/", views.evidence_list, name="evidence_list"),
    path("evidence/feed/", feeds.EvidenceFeed(), name="evidence_feed"),
    path("evidence/write/", views.evidence_write, name="evidence_write"),
    path("evidence/<slug:slug>/", views.evidence_detail, name="evidence_detail"),
    path("calls/", views.call_list, name="call_list"),
    path("calls/<slug:slug>/", views.call_detail, name="call_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/feed/", feeds.DocumentFeed(), name="document_feed"),
    path("documents/submit/", views.document_submit, name="document_submit"),
    path("documents/mine/", views.my_documents, name="my_documents"),
    path("documents/<slug:slug>/", views.document_detail, name="document_detail"),
    path("documents/<slug:slug>/edit/", views.document_edit, name="document_edit"),
    path("documents/<slug:slug>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("documents/<slug:slug>/download/", views.document_download, name="document_download"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("following/", views.following, name="following"),
    path("following/follow/", views.follow, name="follow"),
    path("following/unfollow/", views.unfollow, name="unfollow"),
    path(
        "digests/unsubscribe/<str:token>/",
        views.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
