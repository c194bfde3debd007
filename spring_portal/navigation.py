"""The site's main navigation, built from URL names."""

from functools import cache

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAIN_NAV = [
    ("practices:list", _("Practices")),
    ("events:list", _("Events")),
    ("insights:map", _("Map")),
    ("hub:news_list", _("News")),
    ("hub:document_list", _("Documents")),
    ("projects:list", _("Projects")),
    ("hub:evidence_list", _("Evidence")),
    ("members:organisation_list", _("Community")),
    ("members:join", _("Join")),
]


@cache
def _resolve(name, language):
    """`language` is part of the cache key: URLs carry a language prefix."""
    return reverse(name)


def main_nav(request):
    items = []
    for name, label in MAIN_NAV:
        url = _resolve(name, get_language())
        current = request.path.startswith(url) if url != "/" else request.path == "/"
        items.append({"url": url, "label": label, "current": current})
    return items
