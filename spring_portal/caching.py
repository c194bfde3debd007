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
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.csp import CSP, build_policy, generate_nonce
from django.utils.translation import get_language, get_language_from_path

VERSION_KEY = "portal:content-version"
DEFAULT_TIMEOUT = 300
# Saves that change nothing a public page shows (a login stamps last_login).
# Fields of rows no public page shows: a login, and a member's acceptance of the open
# licence (recorded at their first submission: under load every first submission
# emptied the whole page cache).
IGNORED_FIELDS = {"last_login", "content_licence_accepted_at", "content_licence_version"}


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
    instance = kwargs.get("instance")
    if (
        update_fields
        and instance is not None
        and set(update_fields) <= ONE_PAGE_FIELDS.get(instance._meta.label_lower, set())
    ):
        forget_page(instance)
        return
    if instance is not None and instance._meta.label_lower in ONE_PAGE_MODELS:
        try:
            page = getattr(instance, ONE_PAGE_MODELS[instance._meta.label_lower])
        except ObjectDoesNotExist:  # deleted with its page: the deletion counts
            page = None
        if page is not None:
            forget_page(page)
            return
    if not _may_show_publicly(instance, update_fields):
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
    # A member's own notifications, shown on their pages only.
    "members.notification",
    # The edit history: the organisation's own save refreshes its public page.
    "members.organisationedit",
    "spring_portal.statechange",
    # Messages to practices' owners and members' collections (a shared collection's
    # page is not cached).
    "practices.contactmessage",
    "practices.collection",
    "practices.collectionitem",
    # A reviewer's assignments and scores; the public summary comes from the panel.
    "reviews.reviewassignment",
    "reviews.criterionscore",
}


# Rows one public page shows (a registration: its event's places left): a change
# forgets that page in every language instead of every cached page.
ONE_PAGE_MODELS = {"events.registration": "event"}
# Fields only the record's own page shows (the count behind its places left).
ONE_PAGE_FIELDS = {"events.event": {"registered_count"}}


def forget_page(record) -> None:
    """Drop the cached anonymous pages of `record` (its get_absolute_url, no query)
    in every language. Again after the commit: a render that read the rows before
    the change may have stored its page meanwhile."""
    keys = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.append(_key(record.get_absolute_url(), [], code))
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _may_show_publicly(instance, update_fields) -> bool:
    """False for saves that cannot change a public page: private bookkeeping rows,
    and drafts or submissions waiting for review. A transition counts when the record
    is or was published (it publishes, archives or unpublishes)."""
    if instance is None:
        return True
    if instance._meta.label_lower in PRIVATE_MODELS:
        return False
    from spring_portal.moderation import ONCE_PUBLISHED_STATES, PUBLIC_STATES, ModeratedModel

    if isinstance(instance, ModeratedModel):
        if update_fields and "state" in update_fields:
            # A move to or from a public state; a record never published (a submission
            # going to review) shows on no public page (issue 15: every submission
            # emptied the whole page cache under load).
            return instance.state in ONCE_PUBLISHED_STATES or bool(
                getattr(instance, "published_at", None)
            )
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


def _key(path, pairs, language, prefix="portal:page:") -> str:
    """The page's cache key: path, query parameters in sorted order, language. The
    content version is not in the key but in the entry (see PageCacheMiddleware)."""
    raw = f"{path}?{urlencode(sorted(pairs))}|{language}"
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


# Entries the view stores itself (early=False): the middleware never serves them.
VIEW_PREFIX = "portal:page:view:"


def _request_pairs(request) -> list[tuple[str, str]]:
    return [(name, value) for name, values in request.GET.lists() for value in values]


def _lookup(key):
    """(current content version, cached entry or None) in one cache round trip: the
    entry counts only if it was rendered at the current version."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return content_version(), None
    entry = found.get(key)
    if entry is not None and entry[0] != version:
        entry = None
    return version, entry


def _hit_response(entry, request=None) -> HttpResponse:
    """A cached entry as a response. The page's CSP nonce is replaced by a fresh one,
    and the policy header rebuilt with it: no two visitors share a nonce."""
    _version, content, headers, nonce = entry
    fresh = None
    if nonce:
        fresh = generate_nonce()
        content = content.replace(f'nonce="{nonce}"'.encode(), f'nonce="{fresh}"'.encode())
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(content))
    if request is None or not hasattr(request, "_csp_nonce"):
        for header, config in (
            (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
            (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
        ):
            if config:
                response.headers[str(header)] = build_policy(config, fresh)
    elif fresh:
        # Served through the whole stack (no early middleware): the CSP middleware
        # builds the header from the request's nonce, so hand it ours.
        request._csp_nonce = fresh
    response["X-Portal-Cache"] = "hit"
    return response


def _entry(version, response, nonce):
    """What the cache stores: bytes and headers (cheaper to load than a pickled
    response), without the per-request ones."""
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in PER_REQUEST_HEADERS
    ]
    return (version, response.content, headers, nonce or None)


# Rebuilt for every answer: the CSP carries the request's nonce.
PER_REQUEST_HEADERS = {
    "content-length",
    "x-portal-cache",
    CSP.HEADER_ENFORCE.lower(),
    CSP.HEADER_REPORT_ONLY.lower(),
}


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


def _used_nonce(request):
    nonce = getattr(request, "_csp_nonce", None)
    return str(nonce) if nonce else None


def cache_public_page(view=None, *, timeout=DEFAULT_TIMEOUT, params=NO_PARAMS, early=True):
    """Cache a public view's 200 answers for anonymous visitors.

    `params` (a QueryParams) lists the query parameters the view reads; a request
    with anything else is redirected to the canonical URL first.

    Behind PageCacheMiddleware (the portal's stack) the middleware answers hits
    before sessions, authentication and locale, and stores the final response; the
    decorator then only marks the response as cacheable. Without the middleware
    (a view called directly), or with `early=False` for a view whose outer decorators
    must see every request (a rate limit), the decorator looks up and stores by itself.
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
            marker = getattr(request, "_page_cache", None)
            if early and marker is not None:
                response = func(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming:
                    if hasattr(response, "render") and callable(response.render):
                        response = response.render()
                    # PageCacheMiddleware stores it once the whole stack has answered.
                    marker["timeout"] = timeout
                    marker["language"] = get_language()
                    response["X-Portal-Cache"] = "miss"
                return response
            key = _key(request.path, canonical, get_language(), VIEW_PREFIX)
            version, entry = _lookup(key)
            if entry is not None:
                return _hit_response(entry, request)
            response = func(request, *args, **kwargs)
            if _storable(request, response):
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                cache.set(key, _entry(version, response, _used_nonce(request)), timeout)
                response["X-Portal-Cache"] = "miss"
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


class PageCacheMiddleware:
    """Serve cached public pages to anonymous visitors before sessions,
    authentication, locale and CSRF: a hit costs one cache round trip (the content
    version and the page, read together) and no database query.

    Placed right after SecurityMiddleware and WhiteNoise, which still add their
    headers. The language comes from the URL prefix, as LocaleMiddleware decides it
    for the portal's i18n_patterns; a visitor whom PreferredLanguageMiddleware
    would send to another language's URL goes through the whole stack instead.
    On a miss the request goes through the whole stack; when the view is a
    cache_public_page one and the final answer is storable (200, no cookie set,
    anonymous), the final bytes and headers are stored with the version read
    before rendering, so a change made meanwhile still invalidates it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request) or _wants_other_language(request):
            return self.get_response(request)
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        key = _key(request.path, _request_pairs(request), language)
        version, entry = _lookup(key)
        if entry is not None:
            # As LocaleMiddleware would: code run after the response in this thread
            # (and tests) sees the page's language, not the previous request's.
            translation.activate(language)
            return _hit_response(entry)
        request._page_cache = marker = {}
        response = self.get_response(request)
        if "timeout" in marker and marker["language"] == language and _storable(request, response):
            # The view may have read a cleaned query (QueryStringGuardMiddleware).
            key = _key(request.path, _request_pairs(request), language)
            cache.set(key, _entry(version, response, _used_nonce(request)), marker["timeout"])
        return response


def _wants_other_language(request) -> bool:
    from spring_portal.middleware import preferred_language

    if get_language_from_path(request.path_info):
        return False
    wanted = preferred_language(request)
    return bool(wanted) and wanted != settings.LANGUAGE_CODE
