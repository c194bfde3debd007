"""The Moderators group holds an explicit, reviewed set of permissions."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from spring_portal.roles import (
    MODERATED_APPS,
    MODERATOR_PERMISSIONS,
    MODERATORS_GROUP,
    sync_moderators_group,
)

# Permissions that would let a moderator grant privileges, take over accounts
# or rewrite the moderation history.
NEVER = {
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.add_permission",
    "auth.change_permission",
    "auth.delete_permission",
    "members.add_user",
    "members.delete_user",
    "mfa.add_authenticator",
    "mfa.change_authenticator",
    "mfa.delete_authenticator",
    "sites.change_site",
    "spring_portal.add_statechange",
    "spring_portal.change_statechange",
    "spring_portal.delete_statechange",
}


def group_permissions():
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=MODERATORS_GROUP).permissions.select_related("content_type")
    }


def test_every_portal_model_has_reviewed_moderator_permissions():
    models = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in MODERATED_APPS
    }

    assert models == set(MODERATOR_PERMISSIONS)


def test_moderators_group_has_exactly_the_reviewed_permissions(db):
    expected = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions in MODERATOR_PERMISSIONS.items()
        for action in actions
    }

    assert group_permissions() == expected
    assert group_permissions() & NEVER == set()
    assert {p.split(".")[0] for p in group_permissions()} <= set(MODERATED_APPS)
    assert "members.change_user" in group_permissions()


def test_sync_takes_away_permissions_added_by_hand(db):
    group = Group.objects.get(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(codename="change_group"),
        Permission.objects.get(codename="add_user"),
    )

    sync_moderators_group()

    assert group_permissions() & NEVER == set()
