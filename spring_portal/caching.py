"""Whole-page caching for anonymous visitors, invalidated by any content change.

Every public page's cache key includes a content version number kept in the
shared cache (Redis in production). Any save or delete of portal content bumps
the version, so after a moderator publishes, the next request on any app server
renders afresh: nobody sees a stale page, and nothing has to know which pages
showed the changed record.

Only visitors without a session or messages cookie get cached pages, so nothing
personal (a flash message, a CSRF token, a name) is ever stored or served.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

VERSION_KEY = "portal:content-version"
DEFAULT_TIMEOUT = 300
# Saves that change nothing a public page shows (a login stamps last_login).
IGNORED_FIELDS = {"last_login"}


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(*args, **kwargs) -> None:
    """Signal receiver: any change to portal content invalidates cached pages."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= IGNORED_FIELDS:
        return
    if not _may_show_publicly(kwargs.get("instance"), update_fields):
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


# Rows no public page shows.
PRIVATE_MODELS = {
    "hub.follow",
    "hub.digestdelivery",
    "members.invitation",
    # The edit history: the organisation's own save refreshes its public page.
    "members.organisationedit",
    "spring_portal.statechange",
}


def _may_show_publicly(instance, update_fields) -> bool:
    """False for saves that cannot change a public page: private bookkeeping rows,
    and drafts or submissions waiting for review (a transition that publishes,
    archives or unpublishes changes `state`, so it always counts)."""
    if instance is None:
        return True
    if instance._meta.label_lower in PRIVATE_MODELS:
        return False
    from spring_portal.moderation import PUBLIC_STATES, ModeratedModel

    if isinstance(instance, ModeratedModel):
        if update_fields and "state" in update_fields:
            return True
        return instance.state in PUBLIC_STATES and not getattr(instance, "revision_of_id", None)
    return True


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    raw = f"{request.get_full_path()}|{get_language()}|{content_version()}"
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_public_page(view=None, *, timeout=DEFAULT_TIMEOUT):
    """Cache a public view's 200 answers for anonymous visitors."""

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return func(request, *args, **kwargs)
            key = _key(request)
            cached = cache.get(key)
            if cached is not None:
                # Stored as plain bytes and headers: cheaper to load than a pickled response.
                content, headers = cached
                response = HttpResponse(content)
                for name, value in headers:
                    response.headers[name] = value
                response["X-Portal-Cache"] = "hit"
                return response
            response = func(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                cache.set(key, (response.content, list(response.headers.items())), timeout)
                response["X-Portal-Cache"] = "miss"
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
