"""Per-member limits on submission forms, and per-client limits on costly public
downloads, counted in the shared cache (Redis or the database in production).

Each kind of submission has its own budget per hour; past it the view keeps the
typed input and shows RateLimited.message as a form error. Anonymous downloads are
counted per client address (spring_portal.client_ip, which knows the proxies).
"""

from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from spring_portal.client_ip import client_ip

WINDOW = 60 * 60
# Actions per member in WINDOW, by scope.
LIMITS = {
    "practices:submit": 10,
    "practices:create": 20,
    "events:propose": 10,
    "practices:transfer": 10,
    # Messages to practices' owners, replies included.
    "practices:contact": 5,
    "documents:submit": 10,
    "projects:submit": 10,
    "organisations:register": 5,
    "memberships:request": 20,
    "invitations:send": 30,
    # Photos, logos and practice images, counted before any decoding.
    "images:upload": 30,
}


# Requests per client address in WINDOW, by scope; or (limit, window in seconds),
# where a callable limit is read from settings when it is checked.
CLIENT_LIMITS = {
    "exports": 60,
    # Public list pages that miss the page cache (a new filter combination or search),
    # the costly ones: a client past it gets a 429 while other visitors are served.
    "lists:uncached": (lambda: settings.LIST_CLIENT_BUDGET, 60),
    # Open data API answers the API's cache does not hold (api.http.cached_answer).
    "api": (lambda: settings.API_CLIENT_BUDGET, 60),
}
CLIENT_MESSAGES = {
    "exports": _("Too many downloads from your address in an hour (the limit is %(limit)s)."),
    "lists:uncached": _(
        "Too many new searches from your address in a minute (the limit is %(limit)s). "
        "Please wait a moment and try again."
    ),
    "api": _(
        "Too many uncached requests from your address in a minute (the limit is %(limit)s). "
        "Please wait a moment and try again."
    ),
}


CONCURRENCY_MESSAGE = _(
    "Your previous searches are still being worked on. Please wait a moment and try again."
)
# A slot left taken by a worker that died is freed after this many seconds.
SLOT_SECONDS = 30


class RateLimited(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _hit(key, limit, window):
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def check_rate(user, scope):
    """Count one action of `scope` by `user`; raise RateLimited past the scope's limit."""
    limit = LIMITS[scope]
    if not _hit(f"rate:{scope}:{user.pk}", limit, WINDOW):
        raise RateLimited(
            _(
                "You have reached the limit of %(limit)s in an hour. Your work is kept; "
                "please try again later."
            )
            % {"limit": limit}
        )


def check_client_rate(request, scope):
    """Count one request of `scope` from the client's address; raise RateLimited past
    the scope's limit."""
    entry = CLIENT_LIMITS[scope]
    limit, window = entry if isinstance(entry, tuple) else (entry, WINDOW)
    if callable(limit):
        limit = limit()
    if not limit:
        return
    if not _hit(f"rate:{scope}:ip:{client_ip(request)}", limit, window):
        raise RateLimited(CLIENT_MESSAGES[scope] % {"limit": limit})


@contextmanager
def client_slot(request, scope, limit):
    """At most `limit` requests of `scope` at once per client address: one client
    sending many costly requests in parallel holds that many workers, not all of
    them, so the other visitors are still served. Past it RateLimited at once,
    before any costly work. A limit of 0 turns it off."""
    if not limit:
        yield
        return
    key = f"slots:{scope}:ip:{client_ip(request)}"
    cache.add(key, 0, SLOT_SECONDS)
    try:
        taken = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, SLOT_SECONDS)
        taken = 1
    try:
        if taken > limit:
            raise RateLimited(CONCURRENCY_MESSAGE)
        yield
    finally:
        with suppress(ValueError):  # expired meanwhile: nothing to give back
            cache.decr(key)
