from members.notifications import unread_count


def notifications(request):
    """The member's unread notification count for the header: one indexed count query,
    only for logged-in members (cached public pages are served to anonymous visitors only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(request)}
