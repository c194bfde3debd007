"""HTTP behaviour shared by every API answer: problem details, cursors, conditional
requests, the shared cache, CORS and the per-client budget.

Caching. Every API answer is public (the API has no login and shows only
published records), so it is cached for everyone, keyed by the path and the
sorted query pairs, and valid while the portal's content version is unchanged
(spring_portal.caching.content_version: any public change moves it). The ETag is
derived from the same version, the day (practices' running status depends on it)
and the key, so a conditional request is answered with 304 before any work.
ApiCacheMiddleware serves stored answers before sessions, authentication and
locale, as PageCacheMiddleware does for HTML pages.

Last-Modified is the first time the API saw the current content version: the
change happened at or before it, so If-Modified-Since comparisons never hide one.

Budget. Answers the cache does not hold cost database work: each client address
may ask for settings.API_CLIENT_BUDGET of them a minute (429 with Retry-After past
it); cached answers and 304s are not counted.
"""

import base64
import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

from spring_portal import ratelimit
from spring_portal.caching import VERSION_KEY, content_version
from spring_portal.licence import licence_link_header

API_PREFIX = "/api/v1/"
# Served by their own views (HTML with a CSP nonce, or files): not API answers.
NOT_CACHED = ("/api/v1/docs/",)
CACHE_SECONDS = 600
# Browsers and proxies may reuse an answer this long without asking.
MAX_AGE = 60
RETRY_AFTER = 60
PROBLEM_TYPE = "about:blank"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Retry-After",
    # Other sites' pages may read the answers (the portal's pages say same-origin).
    "Cross-Origin-Resource-Policy": "cross-origin",
}


class ApiError(Exception):
    """An answer as RFC 9457 problem details (status, title, detail)."""

    def __init__(self, status: int, title: str, detail: str = "", headers=None):
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


def problem(status: int, title: str, detail: str = "", instance: str = "", headers=None):
    body = {"type": PROBLEM_TYPE, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/problem+json"
    )
    for name, value in {**CORS_HEADERS, **(headers or {})}.items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def problem_from(error: ApiError, request=None):
    return problem(
        error.status,
        error.title,
        error.detail,
        instance=request.get_full_path() if request is not None else "",
        headers=error.headers,
    )


# --- cursors --------------------------------------------------------------------------------


def encode_cursor(values: list) -> str:
    """An opaque cursor: the sort key of the last item of a page (url-safe base64 JSON)."""
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, size: int) -> list | None:
    """The key a cursor carries, or ApiError 400 for anything this API did not write."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise ApiError(400, "Invalid cursor", "Use the `next` link of a previous page.")
    return values


# --- caching and conditional requests -----------------------------------------------------


def _key(request) -> str:
    pairs = sorted((name, value) for name, values in request.GET.lists() for value in values)
    raw = f"{request.path}?{urlencode(pairs)}"
    return "api:v1:" + hashlib.sha256(raw.encode()).hexdigest()


def _etag(key: str, version) -> str:
    day = timezone.localdate().isoformat()
    return '"' + hashlib.sha256(f"{key}|{version}|{day}".encode()).hexdigest()[:32] + '"'


def _first_seen(version) -> int:
    """When the API first saw this content version (seconds since the epoch)."""
    key = f"api:v1:version-seen:{version}"
    now = int(timezone.now().timestamp())
    cache.add(key, now, None)
    return cache.get(key, now)


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    wanted = request.headers.get("If-None-Match")
    if wanted:
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return bool(since and last_modified and last_modified <= since)


def _decorate(response, etag, last_modified):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _not_modified_response(etag, last_modified):
    return _decorate(HttpResponse(status=304), etag, last_modified)


def _from_entry(request, key, entry):
    _version, etag, last_modified, body, content_type, link = entry
    if _not_modified(request, etag, last_modified):
        return _not_modified_response(etag, last_modified)
    response = HttpResponse(body, content_type=content_type)
    response["Link"] = link
    response["X-Portal-Cache"] = "hit"
    return _decorate(response, etag, last_modified)


def cached_answer(request, build, content_type="application/json"):
    """The answer to an API GET: from the cache, a 304, or `build()` (bytes, or a
    (bytes, extra Link header value) pair) counted against the client's budget."""
    key = _key(request)
    version = content_version()
    etag = _etag(key, version)
    entry = cache.get(key)
    if entry is not None and entry[0] == version and entry[1] == etag:
        return _from_entry(request, key, entry)
    last_modified = _first_seen(version)
    if _not_modified(request, etag, last_modified):
        return _not_modified_response(etag, last_modified)
    try:
        ratelimit.check_client_rate(request, "api")
    except ratelimit.RateLimited as limited:
        raise ApiError(
            429, "Too many requests", str(limited.message), {"Retry-After": str(RETRY_AFTER)}
        ) from None
    built = build()
    body, links = built if isinstance(built, tuple) else (built, [])
    link = ", ".join([licence_link_header(), *links])
    cache.set(key, (version, etag, last_modified, body, content_type, link), CACHE_SECONDS)
    response = HttpResponse(body, content_type=content_type)
    response["Link"] = link
    response["X-Portal-Cache"] = "miss"
    return _decorate(response, etag, last_modified)


def preflight():
    response = HttpResponse(status=204)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Max-Age"] = "86400"
    return response


class ApiCacheMiddleware:
    """Serve stored API answers (and 304s) before sessions, authentication and locale:
    one cache round trip for the content version and the answer. Answers CORS
    preflight requests for the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if not path.startswith(API_PREFIX) or path.startswith(NOT_CACHED):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return _early(preflight())
        if request.method in ("GET", "HEAD"):
            key = _key(request)
            found = cache.get_many([VERSION_KEY, key])
            entry = found.get(key)
            version = found.get(VERSION_KEY)
            if (
                entry is not None
                and version is not None
                and entry[0] == version
                and entry[1] == _etag(key, version)
            ):
                return _early(_from_entry(request, key, entry))
        return self.get_response(request)


def _early(response):
    """The headers the later middleware (clickjacking, SecurityHeadersMiddleware) would
    have added to an answer that does not reach them."""
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    return response
