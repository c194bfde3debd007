from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("members/", views.member_list, name="member_list"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/register/", views.organisation_register, name="organisation_register"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/join/", views.organisation_join, name="organisation_join"),
    path("organisations/<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path(
        "organisations/<slug:slug>/manage/", views.organisation_manage, name="organisation_manage"
    ),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/manage/requests/<int:pk>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path(
        "organisations/<slug:slug>/manage/members/<int:pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organisations/<slug:slug>/manage/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organisations/<slug:slug>/manage/invitations/<int:pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("my/", views.dashboard, name="dashboard"),
    path("my/notifications/", views.notification_list, name="notification_list"),
    path(
        "my/notifications/read-all/",
        views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("my/notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("accounts/welcome/", views.welcome, name="welcome"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/organisations/", views.my_organisations, name="my_organisations"),
    path("accounts/preferences/", views.account_preferences, name="account_preferences"),
    path("accounts/data/", views.account_data, name="account_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]
