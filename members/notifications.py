"""In-portal notifications: the one helper every email to a member goes with.

Call `notify_member` where the email is queued (inside the same
`transaction.on_commit` callback), before any check of the member's email
preferences: the notification is kept whatever the member chose for emails.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.models import Notification


def notify_member(user, kind, title, url="", params=None):
    """Store a notification for `user`.

    `title` is a (lazy) translatable string, filled with `params` in the
    member's language; `url` is a path on this site or a callable returning one,
    also called in the member's language (anything not local is dropped).
    """
    if user is None or not getattr(user, "pk", None) or not user.is_active:
        return None
    return Notification.objects.create(recipient=user, **_render(user, kind, title, url, params))


def notify_members(users, kind, title, url="", params=None):
    """The same notification for several members, in one query."""
    return Notification.objects.bulk_create(
        [
            Notification(recipient=user, **_render(user, kind, title, url, params))
            for user in users
            if user.is_active
        ]
    )


def _render(user, kind, title, url, params):
    supported = dict(settings.LANGUAGES)
    language = user.language if user.language in supported else settings.LANGUAGE_CODE
    with translation.override(language):
        text = str(title) % params if params else str(title)
        path = url() if callable(url) else url
    return {"kind": kind, "title": text[:300], "url": _local(path)}


def _local(url):
    url = str(url or "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url[:500]
    return ""


def unread_count(request):
    """The unread count for the request's member, counted once per request."""
    if not hasattr(request, "_unread_notifications"):
        user = getattr(request, "user", None)
        request._unread_notifications = (
            Notification.objects.for_user(user).unread().count()
            if user is not None and user.is_authenticated
            else 0
        )
    return request._unread_notifications


def mark_read(queryset):
    return queryset.unread().update(read_at=timezone.now())


# Where an author acts on a record sent back for changes: its edit page.
EDIT_URLS = {
    "practices.practice": ("practices:edit", "pk"),
    "events.event": ("events:edit", "slug"),
    "hub.document": ("hub:document_edit", "slug"),
    "practices.project": ("projects:edit", "slug"),
    "spring_portal.contenttranslation": ("translation_edit", "pk"),
}


def author_url(record, editable=False):
    """The page an author opens for `record`: the edit page when it awaits changes."""
    from django.urls import reverse

    route = EDIT_URLS.get(record._meta.label_lower) if editable else None
    if route:
        name, field = route
        return reverse(name, kwargs={field: getattr(record, field)})
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url else ""


def decision_made(record, change, state_label):
    """Tell the author of `record` about a moderator's decision (whatever their email choice)."""
    from members.enums import NotificationKind
    from spring_portal.moderation import EDITABLE_STATES

    author = getattr(record, "created_by", None)
    if author is None:
        return None
    return notify_member(
        author,
        NotificationKind.DECISION,
        _("%(kind)s “%(title)s”: %(state)s"),
        url=lambda: author_url(record, editable=change.to_state in EDITABLE_STATES),
        params={
            "kind": capfirst(record._meta.verbose_name),
            "title": record,
            "state": state_label,
        },
    )


def submission_received(record, admin_url):
    """Tell the moderators (members of the moderators group) about a new submission."""
    from django.contrib.auth import get_user_model

    from members.enums import NotificationKind
    from spring_portal.roles import MODERATORS_GROUP

    moderators = get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=MODERATORS_GROUP
    )
    return notify_members(
        moderators,
        NotificationKind.NEW_SUBMISSION,
        _("New %(kind)s to moderate: “%(title)s”"),
        url=admin_url,
        params={"kind": record._meta.verbose_name, "title": record},
    )
