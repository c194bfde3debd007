"""Whole-page caching for anonymous visitors, invalidated by any content change.

Every public page's cache key includes a content version number kept in the
shared cache (Redis in production). Any save or delete of portal content bumps
the version, so after a moderator publishes, the next request on any app server
renders afresh: nobody sees a stale page, and nothing has to know which pages
showed the changed record.

Only visitors without a session or messages cookie get cached pages, so nothing
personal (a flash message, a CSRF token, a name) is ever stored or served.

The key holds the canonical form of the query string (QueryParams): parameters
the view does not read, and empty values, are dropped by redirecting to the
canonical URL, so random parameters neither miss the cache nor fill it; the
order of parameters and of a multi-valued parameter's values does not matter.
"""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
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


class QueryParams:
    """The query parameters a view reads: single-valued ones (the view takes the
    last value, like QueryDict.get) and multi-valued ones (a set of values)."""

    def __init__(self, single=(), multiple=()):
        self.single = frozenset(single)
        self.multiple = frozenset(multiple)

    @classmethod
    def of(cls, filterset_class, *single):
        """A django-filter FilterSet's parameters, plus `single` extras ("page")."""
        multiple = {
            name
            for name, item in filterset_class.base_filters.items()
            if issubclass(item.field_class, forms.MultipleChoiceField)
        }
        return cls(set(filterset_class.base_filters) - multiple | set(single), multiple)

    def canonical(self, query) -> list[tuple[str, str]]:
        """Known parameters in name order, without empty values; the last value of a
        single-valued parameter, the sorted distinct values of a multi-valued one."""
        pairs = []
        for name in sorted(self.single | self.multiple):
            values = [value for value in query.getlist(name) if value != ""]
            if not values:
                continue
            if name in self.multiple:
                pairs.extend((name, value) for value in sorted(set(values)))
            else:
                pairs.append((name, values[-1]))
        return pairs


# Detail pages and the like read no parameter at all.
NO_PARAMS = QueryParams()


def _canonical_redirect(request, canonical):
    """A redirect to the canonical URL when the query carries more than it: unknown
    parameters, empty values or repeated ones. Mere reordering is not redirected
    (pagination links put `page` last); it maps to the same cache key anyway."""
    given = sorted((name, value) for name, values in request.GET.lists() for value in values)
    if given == sorted(canonical):
        return None
    query = urlencode(canonical)
    response = HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
    response["X-Portal-Canonical"] = "redirect"
    return response


def _key(request, canonical) -> str:
    raw = f"{request.path}?{urlencode(canonical)}|{get_language()}|{content_version()}"
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_public_page(view=None, *, timeout=DEFAULT_TIMEOUT, params=NO_PARAMS):
    """Cache a public view's 200 answers for anonymous visitors.

    `params` (a QueryParams) lists the query parameters the view reads; a request
    with anything else is redirected to the canonical URL first.
    """

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            canonical = params.canonical(request.GET)
            if request.method in ("GET", "HEAD"):
                redirect = _canonical_redirect(request, canonical)
                if redirect is not None:
                    return redirect
            if not _cacheable(request):
                return func(request, *args, **kwargs)
            key = _key(request, canonical)
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
