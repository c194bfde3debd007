"""A member's transfers, messages and collections (under /my/), and shared collections."""

from django.urls import path

from practices import community_views as views

app_name = "community"

urlpatterns = [
    path("my/transfers/", views.my_transfers, name="my_transfers"),
    path("my/transfers/<int:pk>/edit/", views.transfer_edit, name="transfer_edit"),
    path("transfers/<int:pk>/confirm/", views.transfer_confirm, name="transfer_confirm"),
    path("my/messages/", views.message_list, name="messages"),
    path("my/messages/<int:pk>/", views.message_thread, name="message_thread"),
    path("my/collections/", views.collection_list, name="collections"),
    path("my/collections/<int:pk>/", views.collection_detail, name="collection_detail"),
    path("my/collections/<int:pk>/delete/", views.collection_delete, name="collection_delete"),
    path(
        "my/collections/<int:pk>/items/<int:item_pk>/remove/",
        views.collection_remove,
        name="collection_remove",
    ),
    path("collections/<str:token>/", views.collection_shared, name="collection_shared"),
]
