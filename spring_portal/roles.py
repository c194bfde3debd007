"""Who may do what: the moderator role, shared by every app."""

from django.contrib.auth.models import Group, Permission

MODERATORS_GROUP = "Moderators"
# Apps whose models moderators manage in the admin (all permissions on them).
MODERATED_APPS = ("spring_portal", "members", "practices", "events", "hub")


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.is_staff and user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached


def sync_moderators_group(sender=None, **kwargs):
    """Give the Moderators group every permission on the portal's own models.

    Runs after each migrate so that models added later are covered without a
    hand-written data migration per app.
    """
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=MODERATED_APPS)
    group.permissions.add(*perms)
