"""The site's main navigation, built from URL names.

An entry whose URL is not installed is left out, so the menu never links to a
page that does not exist.
"""

from functools import cache

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAIN_NAV = [
    ("practices:list", _("Practices")),
    ("events:list", _("Events")),
    ("hub:news_list", _("News")),
    ("hub:document_list", _("Documents")),
    ("members:organisation_list", _("Community")),
    ("members:join", _("Join")),
]


@cache
def _resolve(name, language):
    """`language` is part of the cache key: URLs carry a language prefix."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def main_nav(request):
    items = []
    for name, label in MAIN_NAV:
        url = _resolve(name, get_language())
        if url:
            current = request.path.startswith(url) if url != "/" else request.path == "/"
            items.append({"url": url, "label": label, "current": current})
    return items
