"""Absolute links to the portal, always built from settings.SITE_URL.

Never from the request: its Host header is chosen by whoever sends it, and a link
built from it would land in cached pages (JSON-LD, canonical links), feeds,
sitemaps and emails (password reset) served to everyone else.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse


def absolute_url(path: str) -> str:
    """SITE_URL + path, for a path on this site ("/practices/x/")."""
    return f"{settings.SITE_URL}{path}"


def on_site(url: str) -> str:
    """The same path, query and fragment as `url`, on SITE_URL whatever host it names."""
    parts = urlsplit(url)
    rebuilt = parts.path or "/"
    if parts.query:
        rebuilt += f"?{parts.query}"
    if parts.fragment:
        rebuilt += f"#{parts.fragment}"
    return absolute_url(rebuilt)


class SiteUrlFeed(Feed):
    """A syndication feed whose links come from SITE_URL (Django's use the Site row
    and the request's scheme). Subclasses name their page and feed URLs."""

    page_url_name: str
    feed_url_name: str

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())
